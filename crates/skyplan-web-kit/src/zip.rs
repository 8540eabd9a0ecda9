//! Reads the files out of a ZIP archive (stored or deflated entries), as a
//! user's zipped catalog folder is: through its central directory.

/// An entry larger than this is not a catalog; refusing it keeps a hostile
/// archive from filling the tab's memory.
const MAX_ENTRY_BYTES: usize = 64 << 20;

pub fn entries(archive: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let u16_at = |at: usize| archive.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |at: usize| archive.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let corrupt = |what: &str| format!("not a readable ZIP archive ({what})");
    // The end-of-central-directory record: its signature, searched from the end.
    let end = (0..archive.len().saturating_sub(21)).rev().find(|&at| u32_at(at) == Some(0x0605_4b50)).ok_or_else(|| corrupt("no end record"))?;
    let count = u16_at(end + 10).ok_or_else(|| corrupt("end record"))?;
    let mut at = u32_at(end + 16).ok_or_else(|| corrupt("end record"))?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(at) != Some(0x0201_4b50) {
            return Err(corrupt("central directory"));
        }
        let field = |offset: usize| u16_at(at + offset).ok_or_else(|| corrupt("central directory"));
        let method = field(10)?;
        let compressed = u32_at(at + 20).ok_or_else(|| corrupt("central directory"))?;
        let size = u32_at(at + 24).ok_or_else(|| corrupt("central directory"))?;
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let local = u32_at(at + 42).ok_or_else(|| corrupt("central directory"))?;
        let name = archive.get(at + 46..at + 46 + name_len).ok_or_else(|| corrupt("entry name"))?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        if size > MAX_ENTRY_BYTES {
            return Err(format!("{name} is {size} bytes, more than a catalog can be"));
        }
        if u32_at(local) != Some(0x0403_4b50) {
            return Err(corrupt("local header"));
        }
        let start = local + 30 + u16_at(local + 26).unwrap_or(0) + u16_at(local + 28).unwrap_or(0);
        let data = archive.get(start..start + compressed).ok_or_else(|| corrupt("entry data"))?;
        let contents = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_ENTRY_BYTES).map_err(|_| format!("{name}: corrupt compressed data"))?,
            other => return Err(format!("{name}: compression method {other} is not supported (stored or deflated only)")),
        };
        out.push((name, contents));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn reads_back_what_the_terraform_export_zips() {
        let files = BTreeMap::from([("us-east-1.json".to_owned(), "{\"a\": 1}".repeat(100)), ("sub/b.txt".to_owned(), "b".to_owned())]);
        let archive = skyplan_terraform::zip::to_zip("prices", &files);
        let entries = super::entries(&archive).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1], ("prices/us-east-1.json".to_owned(), "{\"a\": 1}".repeat(100).into_bytes()));
        assert!(super::entries(b"not a zip").unwrap_err().contains("not a readable ZIP"));
        assert!(super::entries(&archive[..archive.len() / 2]).is_err());
    }
}
