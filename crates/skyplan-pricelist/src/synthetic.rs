//! A synthetic AmazonEC2 offer file as large as asked, in AWS's CSV layout,
//! for the tests and the benchmark of a multi-hundred-megabyte import: the
//! given file's rows, then Windows rows (which skyplan does not price).

use std::io::Write;

/// Writes `base` (a CSV offer file) and then rows up to `bytes` in all.
pub fn ec2_csv(out: &mut impl Write, base: &[u8], bytes: u64) -> std::io::Result<u64> {
    out.write_all(base)?;
    let mut written = base.len() as u64;
    let mut n = 0u64;
    while written < bytes {
        n += 1;
        let row = format!(
            "\"SYN{n:013}\",\"JRTCKXETXF\",\"SYN{n:013}.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"$0.188 per On Demand Windows m5.large Instance Hour\",\
             \"2021-02-01\",\"0\",\"Inf\",\"Hrs\",\"0.1880000000\",\"USD\",\"\",\"\",\"\",\"Compute Instance\",\"AmazonEC2\",\"US East (N. Virginia)\",\
             \"AWS Region\",\"m5.large\",\"2\",\"8 GiB\",\"Shared\",\"Windows\",\"No License required\",\"BoxUsage:m5.large\",\"RunInstances:0002\",\
             \"Used\",\"NA\",\"OnDemand\",\"us-east-1\",\"Amazon Elastic Compute Cloud\"\n"
        );
        out.write_all(row.as_bytes())?;
        written += row.len() as u64;
    }
    Ok(written)
}
