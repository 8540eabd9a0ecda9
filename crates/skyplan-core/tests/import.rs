//! The AWS Price List offer-file importer, against small fixtures written in
//! the offer files' exact JSON and CSV layouts (tests/fixtures/offers/).

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use skyplan_core::aws::{
    CacheEngine, DbEngine, InterruptionBand, OfferingClass, PurchaseOption, S3Class, SavingsPlanType, VolumeType,
};
use skyplan_core::pricing::import::{import_offer_files, merge_summary, ImportError, ImportReport, OfferFile};
use skyplan_core::pricing::{Catalog, Price, PriceKey, RdsClassPrice, ReservedOffer, SavingsPlanRate, SpotInfo, Tier};
use std::collections::BTreeMap;

macro_rules! fixture {
    ($name:literal) => {
        OfferFile { name: $name, bytes: include_bytes!(concat!("fixtures/offers/", $name)) }
    };
}

const EC2_JSON: OfferFile = fixture!("ec2_us-east-1.json");
const EC2_CSV: OfferFile = fixture!("ec2_us-east-1.csv");
const EC2_CSV_REORDERED: OfferFile = fixture!("ec2_us-east-1_reordered.csv");
const GET_PRODUCTS: OfferFile = fixture!("getproducts_m5_large_us-east-1.json");
const STORAGE_NETWORK: OfferFile = fixture!("ec2_storage_network_us-east-1.json");
const RDS: OfferFile = fixture!("rds_eu-west-1.json");
const ELASTICACHE: OfferFile = fixture!("elasticache_us-east-1.csv");
const ELB: OfferFile = fixture!("elb_us-east-2.json");
const S3: OfferFile = fixture!("s3_us-east-1.csv");
const DYNAMODB: OfferFile = fixture!("dynamodb_us-east-2.json");
const COMPUTE_SP: OfferFile = fixture!("compute_savings_plan_us-east-1.csv");
const EC2_INSTANCE_SP: OfferFile = fixture!("ec2_instance_savings_plan_us-east-1.json");

fn import(files: &[OfferFile]) -> (BTreeMap<String, Catalog>, ImportReport) {
    let mut catalogs = BTreeMap::new();
    let report = import_offer_files(files, &mut catalogs).unwrap_or_else(|e| panic!("import failed: {e}"));
    (catalogs, report)
}

fn import_error(name: &str, bytes: &[u8]) -> ImportError {
    let mut catalogs = BTreeMap::new();
    match import_offer_files(&[OfferFile { name, bytes }], &mut catalogs) {
        Ok(report) => panic!("expected an error, got {report:?}"),
        Err(error) => {
            assert!(catalogs.is_empty(), "a failed import must not create catalogs");
            error
        }
    }
}

fn offer(class: OfferingClass, years: u8, option: PurchaseOption, upfront: Decimal, hourly: Decimal) -> ReservedOffer {
    ReservedOffer { offering_class: class, term_years: years, purchase_option: option, upfront, hourly }
}

/// The 12 m5.large us-east-1 reserved terms of offer 20210205204500, in catalog order.
fn m5_large_reserved() -> Vec<ReservedOffer> {
    use OfferingClass::{Convertible, Standard};
    use PurchaseOption::{AllUpfront, NoUpfront, PartialUpfront};
    vec![
        offer(Standard, 1, NoUpfront, dec!(0), dec!(0.06)),
        offer(Standard, 1, PartialUpfront, dec!(252), dec!(0.029)),
        offer(Standard, 1, AllUpfront, dec!(494), dec!(0)),
        offer(Standard, 3, NoUpfront, dec!(0), dec!(0.041)),
        offer(Standard, 3, PartialUpfront, dec!(505), dec!(0.019)),
        offer(Standard, 3, AllUpfront, dec!(949), dec!(0)),
        offer(Convertible, 1, NoUpfront, dec!(0), dec!(0.071)),
        offer(Convertible, 1, PartialUpfront, dec!(294), dec!(0.034)),
        offer(Convertible, 1, AllUpfront, dec!(577), dec!(0)),
        offer(Convertible, 3, NoUpfront, dec!(0), dec!(0.049)),
        offer(Convertible, 3, PartialUpfront, dec!(592), dec!(0.023)),
        offer(Convertible, 3, AllUpfront, dec!(1161), dec!(0)),
    ]
}

fn tiers(bands: &[(Option<Decimal>, Decimal)]) -> Price {
    Price::Tiered { tiers: bands.iter().map(|&(up_to, price)| Tier { up_to, price }).collect() }
}

// --- EC2 instances -------------------------------------------------------------

#[test]
fn bulk_json_imports_linux_on_demand_rates_shapes_and_reserved_offers() {
    let (catalogs, report) = import(&[EC2_JSON]);
    assert_eq!(report.files, 1);
    assert_eq!(report.regions, ["us-east-1"]);
    // m5.large and t3.medium on-demand, plus m5.large's 12 reserved offers.
    assert_eq!(report.prices_imported, 14);
    // The Windows and the UnusedCapacityReservation SKUs.
    assert_eq!(report.products_skipped, 2);

    let catalog = &catalogs["us-east-1"];
    assert_eq!(catalog.ec2.keys().collect::<Vec<_>>(), ["m5.large", "t3.medium"]);
    let m5 = &catalog.ec2["m5.large"];
    assert_eq!(m5.on_demand_hourly, Some(dec!(0.096)));
    assert_eq!((m5.vcpu, m5.memory_gib), (2, dec!(8)));
    assert_eq!(m5.spot, None);
    assert_eq!(m5.reserved, m5_large_reserved());
    // AWS writes "0.0960000000"; the catalog file should read like AWS's pages.
    let written = serde_json::to_value(m5).unwrap();
    assert_eq!(written["on_demand_hourly"], "0.096");
    assert_eq!((&written["reserved"][2]["upfront"], &written["reserved"][2]["hourly"]), (&"494".into(), &"0".into()));
    let t3 = &catalog.ec2["t3.medium"];
    assert_eq!(t3.on_demand_hourly, Some(dec!(0.0416)));
    assert_eq!((t3.vcpu, t3.memory_gib), (2, dec!(4)));
    assert!(t3.reserved.is_empty());
}

#[test]
fn standard_one_year_all_upfront_costs_its_upfront_spread_over_8760_hours() {
    let (catalogs, _) = import(&[EC2_JSON]);
    let all_upfront = catalogs["us-east-1"].ec2["m5.large"]
        .reserved
        .iter()
        .find(|o| {
            o.offering_class == OfferingClass::Standard
                && o.term_years == 1
                && o.purchase_option == PurchaseOption::AllUpfront
        })
        .cloned()
        .expect("std 1yr All Upfront imported");
    assert_eq!(all_upfront.hourly, Decimal::ZERO);
    assert_eq!(all_upfront.effective_hourly(), dec!(494) / dec!(8760));
}

#[test]
fn windows_and_unused_capacity_reservation_skus_do_not_overwrite_linux_prices() {
    let (catalogs, _) = import(&[EC2_JSON]);
    let m5 = &catalogs["us-east-1"].ec2["m5.large"];
    // Windows is 0.192 with a 0.152 reserved rate; the capacity-reservation SKU
    // is 9.999 with 4 vCPU / 16 GiB in the fixture, so any leak would show.
    assert_eq!(m5.on_demand_hourly, Some(dec!(0.096)));
    assert_eq!((m5.vcpu, m5.memory_gib), (2, dec!(8)));
    assert!(m5.reserved.iter().all(|o| o.hourly != dec!(0.152)));
    assert_eq!(m5.reserved.len(), 12);
}

#[test]
fn importing_into_an_empty_map_creates_the_region_catalog() {
    let (catalogs, _) = import(&[EC2_JSON]);
    assert_eq!(catalogs.keys().collect::<Vec<_>>(), ["us-east-1"]);
    let catalog = &catalogs["us-east-1"];
    assert_eq!(catalog.format_version, 1);
    assert_eq!(catalog.region, "us-east-1");
    assert_eq!(catalog.location, "US East (N. Virginia)");
    assert_eq!(catalog.currency, "USD");
    assert_eq!(catalog.version, "20210205204500");
    assert!(catalog.rds.is_empty() && catalog.elasticache.is_empty() && catalog.prices.is_empty());
    let label = "AWS Price List AmazonEC2 offer file, version 20210205204500";
    assert_eq!(catalog.sources["ec2.on_demand"], label);
    assert_eq!(catalog.sources["ec2.reserved"], label);
    // The created catalog survives its own file format.
    assert_eq!(Catalog::from_json(catalog.to_json_pretty().as_bytes()).as_ref(), Ok(catalog));
}

#[test]
fn csv_offer_file_gives_the_same_catalog_as_the_json_one() {
    let (from_json, json_report) = import(&[EC2_JSON]);
    let (from_csv, csv_report) = import(&[EC2_CSV]);
    assert_eq!(from_csv["us-east-1"].ec2, from_json["us-east-1"].ec2);
    assert_eq!(from_csv, from_json);
    assert_eq!(csv_report, json_report);
}

#[test]
fn csv_columns_are_found_by_name_in_any_order() {
    // Shuffled columns, reversed rows and unquoted metadata rows.
    let (from_json, _) = import(&[EC2_JSON]);
    let (reordered, report) = import(&[EC2_CSV_REORDERED]);
    assert_eq!(reordered["us-east-1"].ec2, from_json["us-east-1"].ec2);
    assert_eq!(reordered["us-east-1"].ec2["m5.large"].on_demand_hourly, Some(dec!(0.096)));
    assert_eq!((report.prices_imported, report.products_skipped), (14, 2));
}

#[test]
fn get_products_response_with_records_as_json_strings() {
    let (catalogs, report) = import(&[GET_PRODUCTS]);
    assert_eq!(report.regions, ["us-east-1"]);
    let m5 = &catalogs["us-east-1"].ec2["m5.large"];
    assert_eq!(m5.on_demand_hourly, Some(dec!(0.096)));
    assert_eq!(
        m5.reserved,
        [
            offer(OfferingClass::Standard, 1, PurchaseOption::NoUpfront, dec!(0), dec!(0.06)),
            offer(OfferingClass::Standard, 1, PurchaseOption::AllUpfront, dec!(494), dec!(0)),
        ]
    );
    // The record has no regionCode: the region came from its location.
    assert_eq!(catalogs["us-east-1"].location, "US East (N. Virginia)");
    assert_eq!(catalogs["us-east-1"].version, "20210205204500");
}

#[test]
fn get_products_records_as_objects_or_on_their_own_read_the_same() {
    let response: serde_json::Value = serde_json::from_slice(GET_PRODUCTS.bytes).unwrap();
    let record: serde_json::Value = serde_json::from_str(response["PriceList"][0].as_str().unwrap()).unwrap();
    let as_objects = serde_json::to_vec(&serde_json::json!({ "PriceList": [record.clone()] })).unwrap();
    let alone = serde_json::to_vec_pretty(&record).unwrap();

    let (expected, _) = import(&[GET_PRODUCTS]);
    for bytes in [as_objects, alone] {
        let (catalogs, _) = import(&[OfferFile { name: "record.json", bytes: &bytes }]);
        assert_eq!(catalogs, expected);
    }
}

// --- Other services ------------------------------------------------------------

#[test]
fn rds_single_and_multi_az_hourly_rates_by_engine_and_class() {
    let (catalogs, report) = import(&[RDS]);
    assert_eq!(report.regions, ["eu-west-1"]);
    assert_eq!(report.prices_imported, 4);
    // Oracle, Aurora PostgreSQL and the readable-standbys deployment.
    assert_eq!(report.products_skipped, 3);
    let catalog = &catalogs["eu-west-1"];
    assert_eq!(catalog.location, "EU (Ireland)");
    let rds = &catalog.rds;
    assert_eq!(
        rds[&DbEngine::Postgres]["db.m5.large"],
        RdsClassPrice { single_az_hourly: Some(dec!(0.191)), multi_az_hourly: Some(dec!(0.382)) }
    );
    assert_eq!(
        rds[&DbEngine::Mysql]["db.t3.micro"],
        RdsClassPrice { single_az_hourly: Some(dec!(0.018)), multi_az_hourly: None }
    );
    assert_eq!(
        rds[&DbEngine::Mariadb]["db.t3.micro"],
        RdsClassPrice { single_az_hourly: None, multi_az_hourly: Some(dec!(0.036)) }
    );
    assert_eq!(rds[&DbEngine::Postgres].len(), 1, "Aurora's db.r5.large is not RDS PostgreSQL");
    assert_eq!(catalog.sources["rds"], "AWS Price List AmazonRDS offer file, version 20240301000000");
    assert!(catalog.ec2.is_empty() && catalog.prices.is_empty());
}

#[test]
fn elasticache_node_hourly_rates_by_engine() {
    let (catalogs, report) = import(&[ELASTICACHE]);
    assert_eq!((report.prices_imported, report.products_skipped), (3, 1));
    let cache = &catalogs["us-east-1"].elasticache;
    assert_eq!(cache[&CacheEngine::Redis]["cache.m5.large"].hourly, dec!(0.156));
    assert_eq!(cache[&CacheEngine::Valkey]["cache.m5.large"].hourly, dec!(0.125));
    assert_eq!(cache[&CacheEngine::Memcached]["cache.t3.micro"].hourly, dec!(0.017));
    assert!(cache.values().flat_map(|nodes| nodes.values()).all(|node| node.reserved.is_empty()));
    assert_eq!(cache.values().map(BTreeMap::len).sum::<usize>(), 3, "the serverless product is skipped");
}

#[test]
fn application_load_balancer_hour_and_lcu_hour_with_region_prefixed_usage_types() {
    let (catalogs, report) = import(&[ELB]);
    assert_eq!(report.regions, ["us-east-2"]);
    assert_eq!((report.prices_imported, report.products_skipped), (2, 1));
    let catalog = &catalogs["us-east-2"];
    assert_eq!(catalog.location, "US East (Ohio)");
    assert_eq!(
        catalog.prices,
        BTreeMap::from([
            (PriceKey::AlbHour, Price::Flat(dec!(0.0225))),
            (PriceKey::AlbLcuHour, Price::Flat(dec!(0.008))),
        ])
    );
}

/// A kind's own prices come from its file's matches: DynamoDB's request
/// units, capacity-hours and storage, with the Standard-IA class left out.
#[test]
fn dynamodb_prices_are_matched_by_the_kind() {
    use skyplan_core::kinds::{DynamoDbPrice, KindPrice};
    let (catalogs, report) = import(&[DYNAMODB]);
    assert_eq!((report.prices_imported, report.products_skipped), (5, 1));
    let own = |price| PriceKey::Kind(KindPrice::Dynamodb(price));
    assert_eq!(
        catalogs["us-east-2"].prices,
        BTreeMap::from([
            (own(DynamoDbPrice::WriteRequestUnit), Price::Flat(dec!(0.0000006270))),
            (own(DynamoDbPrice::ReadRequestUnit), Price::Flat(dec!(0.0000001250))),
            (own(DynamoDbPrice::WriteCapacityUnitHour), Price::Flat(dec!(0.0006500000))),
            (own(DynamoDbPrice::StorageGbMonth), Price::Flat(dec!(0.2500000000))),
            (own(DynamoDbPrice::PitrBackupGbMonth), Price::Flat(dec!(0.2000000000))),
        ])
    );
}

#[test]
fn ebs_nat_gateway_and_tiered_data_transfer_from_a_file_without_region_codes() {
    let (catalogs, report) = import(&[STORAGE_NETWORK]);
    assert_eq!(report.regions, ["us-east-1"]);
    assert_eq!(report.prices_imported, 5);
    // The Boston Local Zone volume, the NAT gateway on Mars, regional transfer.
    assert_eq!(report.products_skipped, 3);
    let prices = &catalogs["us-east-1"].prices;
    assert_eq!(prices[&PriceKey::EbsStorageGbMonth(VolumeType::Gp3)], Price::Flat(dec!(0.08)));
    assert_eq!(prices[&PriceKey::EbsStorageGbMonth(VolumeType::Gp2)], Price::Flat(dec!(0.1)));
    assert_eq!(prices[&PriceKey::NatGatewayHour], Price::Flat(dec!(0.045)));
    assert_eq!(prices[&PriceKey::NatGatewayDataGb], Price::Flat(dec!(0.045)));
    assert_eq!(
        prices[&PriceKey::DataTransferInternetOutGb],
        tiers(&[
            (Some(dec!(10240)), dec!(0.09)),
            (Some(dec!(51200)), dec!(0.085)),
            (Some(dec!(153600)), dec!(0.07)),
            (None, dec!(0.05)),
        ])
    );
    assert_eq!(prices.len(), 5);
    assert_eq!(catalogs["us-east-1"].version, "20190118005035");
    // The Mars NAT gateway cannot be placed in a region and is noted; the
    // Local Zone volume is not a region's price and is skipped silently.
    assert_eq!(
        report.notes,
        ["ec2_storage_network_us-east-1.json: skipped products in \"Mars (Olympus Mons)\": no regionCode, and the \
          location is not one skyplan knows"]
    );
    let written = serde_json::to_value(&catalogs["us-east-1"].prices).unwrap();
    let first_tier = &written["data_transfer.internet_out_gb"]["tiers"][0];
    assert_eq!(*first_tier, serde_json::json!({"up_to": "10240", "price": "0.09"}));
}

#[test]
fn s3_standard_storage_tiers_end_unbounded() {
    let (catalogs, report) = import(&[S3]);
    assert_eq!((report.prices_imported, report.products_skipped), (1, 2));
    assert_eq!(
        catalogs["us-east-1"].prices,
        BTreeMap::from([(
            PriceKey::S3StorageGbMonth(S3Class::Standard),
            tiers(&[(Some(dec!(51200)), dec!(0.023)), (Some(dec!(512000)), dec!(0.022)), (None, dec!(0.021))]),
        )])
    );
}

#[test]
fn several_files_and_formats_in_one_import() {
    let (catalogs, report) = import(&[EC2_CSV, STORAGE_NETWORK, RDS, ELASTICACHE, ELB, S3]);
    assert_eq!(report.files, 6);
    assert_eq!(report.regions, ["eu-west-1", "us-east-1", "us-east-2"]);
    assert_eq!(report.prices_imported, 14 + 5 + 4 + 3 + 2 + 1);
    assert_eq!(report.products_skipped, 2 + 3 + 3 + 1 + 1 + 2);
    let us_east_1 = &catalogs["us-east-1"];
    // The first file to create a region's catalog gives it its version.
    assert_eq!(us_east_1.version, "20210205204500");
    assert_eq!(us_east_1.prices.len(), 6);
    assert_eq!(us_east_1.elasticache.len(), 3);
}

// --- Merging into existing catalogs ----------------------------------------------

fn existing_us_east_1() -> Catalog {
    Catalog::from_json(
        br#"{
            "format_version": 1, "region": "us-east-1", "location": "US East (N. Virginia)",
            "currency": "USD", "version": "2026-11-24",
            "sources": { "ec2.on_demand": "S1 karpenter", "prices": "S6 infracost" },
            "ec2": {
                "m5.large": { "vcpu": 2, "memory_gib": "8", "on_demand_hourly": "0.1",
                    "spot": { "savings_percent": "54", "interruption_band": "<5%" },
                    "reserved": [ { "offering_class": "standard", "term_years": 1,
                        "purchase_option": "no_upfront", "upfront": "0", "hourly": "0.07" } ] },
                "c5.large": { "vcpu": 2, "memory_gib": "4", "on_demand_hourly": "0.085" }
            },
            "prices": { "kms.key_month": "1", "ebs.gp3.storage_gb_month": "0.09" }
        }"#,
    )
    .expect("test catalog loads")
}

#[test]
fn import_overwrites_imported_entries_and_keeps_everything_else() {
    let mut catalogs = BTreeMap::from([("us-east-1".to_owned(), existing_us_east_1())]);
    let report = import_offer_files(&[EC2_JSON, STORAGE_NETWORK], &mut catalogs).unwrap();
    assert_eq!(report.regions, ["us-east-1"]);
    let catalog = &catalogs["us-east-1"];

    let m5 = &catalog.ec2["m5.large"];
    assert_eq!(m5.on_demand_hourly, Some(dec!(0.096)));
    assert_eq!(m5.reserved, m5_large_reserved(), "the file's reserved offers replace the old list");
    assert_eq!(
        m5.spot,
        Some(SpotInfo {
            savings_percent: dec!(54),
            interruption_band: InterruptionBand::Under5,
            observed_hourly: None
        })
    );
    assert_eq!(catalog.ec2["c5.large"].on_demand_hourly, Some(dec!(0.085)), "untouched type kept");
    assert_eq!(catalog.ec2["t3.medium"].on_demand_hourly, Some(dec!(0.0416)), "new type added");

    assert_eq!(catalog.prices[&PriceKey::KmsKeyMonth], Price::Flat(dec!(1)), "untouched price kept");
    assert_eq!(catalog.prices[&PriceKey::EbsStorageGbMonth(VolumeType::Gp3)], Price::Flat(dec!(0.08)));

    assert_eq!(catalog.version, "2026-11-24", "an existing catalog keeps its version");
    assert_eq!(
        catalog.sources["ec2.on_demand"],
        "S1 karpenter; entries imported from AWS Price List AmazonEC2 offer file, version 20210205204500"
    );
    assert_eq!(
        catalog.sources["prices"],
        "S6 infracost; entries imported from AWS Price List AmazonEC2 offer file, version 20190118005035"
    );
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let mut once = BTreeMap::from([("us-east-1".to_owned(), existing_us_east_1())]);
    import_offer_files(&[EC2_JSON, S3], &mut once).unwrap();
    let mut twice = once.clone();
    import_offer_files(&[EC2_JSON, S3], &mut twice).unwrap();
    assert_eq!(twice, once);
}

#[test]
fn a_failing_file_leaves_the_catalogs_untouched() {
    let original = BTreeMap::from([("us-east-1".to_owned(), existing_us_east_1())]);
    let mut catalogs = original.clone();
    let truncated = &EC2_JSON.bytes[..EC2_JSON.bytes.len() - 10];
    let result = import_offer_files(&[EC2_JSON, RDS, OfferFile { name: "cut.json", bytes: truncated }], &mut catalogs);
    assert!(matches!(result, Err(ImportError::MalformedJson { .. })), "{result:?}");
    assert_eq!(catalogs, original);
}

// --- Notes and summary -----------------------------------------------------------

#[test]
fn database_savings_plans_files_are_noted_not_imported() {
    let csv = "FormatVersion,v1.0\nDisclaimer,x\nPublication Date,2026-04-22T19:42:03Z\nVersion,20260422194203\n\
               OfferCode,AmazonDatabaseSavingsPlans\n\
               SKU,RateCode,Unit,EffectiveDate,DiscountedRate,Currency,DiscountedSKU,PurchaseOption\n\
               DZCHH8H3SPVYZ2Z4,DZCHH8H3SPVYZ2Z4.25B2RB2TJW9VCXZ6,Hrs,2026-04-20T21:53:43Z,1.824,USD,\
               25B2RB2TJW9VCXZ6,No Upfront\n";
    let (catalogs, report) = import(&[OfferFile { name: "sp.csv", bytes: csv.as_bytes() }]);
    assert!(catalogs.is_empty());
    assert_eq!(report.prices_imported, 0);
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].starts_with("sp.csv: a Savings Plans file"), "{:?}", report.notes);
}

#[test]
fn prices_in_another_currency_are_noted_not_imported() {
    let json = ec2_json_with(&[("\"USD\"", "\"CNY\"")]);
    let (catalogs, report) = import(&[OfferFile { name: "cn.json", bytes: json.as_bytes() }]);
    assert!(catalogs.is_empty());
    assert!(report.notes.iter().any(|n| n.contains("prices in CNY are not imported")), "{:?}", report.notes);
}

#[test]
fn summary_is_one_paragraph_with_the_counts() {
    let (_, report) = import(&[EC2_JSON]);
    assert_eq!(
        merge_summary(&report),
        "Imported 14 prices from 1 offer file into 1 region catalog (us-east-1); \
         skipped 2 products that skyplan does not price."
    );
    let (_, report) = import(&[EC2_JSON, STORAGE_NETWORK]);
    let summary = merge_summary(&report);
    assert!(summary.starts_with(
        "Imported 19 prices from 2 offer files into 1 region catalog (us-east-1); skipped 5 products"
    ));
    assert!(summary.contains(" Notes: ") && summary.contains("Mars (Olympus Mons)") && !summary.contains('\n'));
    assert_eq!(
        merge_summary(&ImportReport::default()),
        "No prices imported from 0 offer files; skipped 0 products that skyplan does not price."
    );
}

// --- Errors ----------------------------------------------------------------------

fn ec2_json_with(replacements: &[(&str, &str)]) -> String {
    let mut text = String::from_utf8(EC2_JSON.bytes.to_vec()).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "fixture contains {from}");
        text = text.replace(from, to);
    }
    text
}

#[test]
fn truncated_json_reports_the_line_and_column_where_it_ends() {
    let bytes = &EC2_JSON.bytes[..EC2_JSON.bytes.len() / 2];
    let text = std::str::from_utf8(bytes).unwrap();
    let expected_line = text.matches('\n').count() + 1;
    let expected_column = text.len() - text.rfind('\n').map_or(0, |i| i + 1);
    match import_error("cut.json", bytes) {
        ImportError::MalformedJson { file, line, column, message } => {
            assert_eq!(file, "cut.json");
            assert_eq!((line, column), (expected_line, expected_column));
            assert!(message.starts_with("EOF while parsing"), "{message}");
        }
        other => panic!("expected MalformedJson, got {other:?}"),
    }
}

#[test]
fn json_syntax_error_in_the_middle_names_its_position() {
    // A trailing comma, as in opencost's hand-edited offer excerpt.
    let json = "{\n  \"offerCode\": \"AmazonEC2\",\n  \"products\": {\n    \"X\": {\"sku\": \"X\"},\n  }\n}\n";
    let error = import_error("comma.json", json.as_bytes());
    assert!(matches!(error, ImportError::MalformedJson { line: 5, column: 3, .. }), "{error:?}");
    assert!(error.to_string().starts_with("comma.json: malformed JSON at line 5, column 3: "), "{error}");
}

#[test]
fn csv_without_a_price_column_names_the_missing_column() {
    let csv = "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"x\"\n\"Publication Date\",\"2021-02-05T20:45:00Z\"\n\
               \"Version\",\"20210205204500\"\n\"OfferCode\",\"AmazonEC2\"\n\
               \"SKU\",\"OfferTermCode\",\"TermType\",\"Unit\",\"Currency\",\"Instance Type\"\n\
               \"6C86BEPQVG73ZGGR\",\"JRTCKXETXF\",\"OnDemand\",\"Hrs\",\"USD\",\"m5.large\"\n";
    let error = import_error("noprice.csv", csv.as_bytes());
    assert_eq!(error, ImportError::MissingColumn { file: "noprice.csv".into(), column: "PricePerUnit".into() });
    assert_eq!(error.to_string(), "noprice.csv: the CSV offer file has no \"PricePerUnit\" column");
}

#[test]
fn text_that_is_neither_json_nor_csv_offer_is_not_an_offer_file() {
    let error = import_error("notes.txt", b"Hello, these are my notes about AWS prices.\nSecond line\n");
    assert_eq!(
        error,
        ImportError::NotAnOfferFile {
            file: "notes.txt".into(),
            found: "text beginning \"Hello, these are my notes about AWS prices.\", neither a JSON offer nor a \
                    CSV offer starting with \"FormatVersion\""
                .into()
        }
    );
    assert!(error.to_string().starts_with("notes.txt: not an AWS Price List offer file: found text beginning"));

    let cases: [(&[u8], &str); 5] = [
        (b"", "an empty file"),
        (b"  \n\t ", "an empty file"),
        (b"[1, 2]", "a JSON array"),
        (b"\x00\x01\x02\xff\xfe", "binary data"),
        (br#"{"formatVersion": "v1.0", "offers": {}}"#, "the Price List offer index"),
    ];
    for (bytes, found_start) in cases {
        match import_error("f", bytes) {
            ImportError::NotAnOfferFile { found, .. } => assert!(found.starts_with(found_start), "{found}"),
            other => panic!("{bytes:?}: expected NotAnOfferFile, got {other:?}"),
        }
    }
    match import_error("f", br#"{"colour": "blue", "size": 3}"#) {
        ImportError::NotAnOfferFile { found, .. } => {
            assert_eq!(found, "a JSON object without products or terms (keys: \"colour\", \"size\")")
        }
        other => panic!("expected NotAnOfferFile, got {other:?}"),
    }
}

#[test]
fn a_price_past_a_catalogs_bound_is_refused_as_it_is_read() {
    // Else the import would write a catalog that --pricing-dir refuses.
    let json = ec2_json_with(&[("\"0.0416000000\"", "\"79228162514264337593543950335\"")]);
    let error = import_error("huge.json", json.as_bytes());
    assert_eq!(
        error,
        ImportError::BadPrice { file: "huge.json".into(), sku: "T3MEDIUMLINUX001".into(), value: "79228162514264337593543950335".into() }
    );
}

#[test]
fn a_bad_price_names_the_file_sku_and_value() {
    let json = ec2_json_with(&[("\"0.0416000000\"", "\"0.04l6\"")]);
    let error = import_error("bad.json", json.as_bytes());
    assert_eq!(
        error,
        ImportError::BadPrice { file: "bad.json".into(), sku: "T3MEDIUMLINUX001".into(), value: "0.04l6".into() }
    );
    assert_eq!(
        error.to_string(),
        "bad.json: SKU T3MEDIUMLINUX001: price \"0.04l6\" is not a decimal number from 0 to 1000000 (USD, a catalog's largest)"
    );

    let csv = String::from_utf8(EC2_CSV.bytes.to_vec()).unwrap().replace("\"252\"", "\"-252\"");
    assert_eq!(
        import_error("bad.csv", csv.as_bytes()),
        ImportError::BadPrice { file: "bad.csv".into(), sku: "6C86BEPQVG73ZGGR".into(), value: "-252".into() }
    );
}

#[test]
fn a_bad_range_bound_names_the_sku_and_value() {
    let csv = String::from_utf8(S3.bytes.to_vec()).unwrap().replacen("\"51200\"", "\"50 TB\"", 1);
    assert_eq!(
        import_error("s3.csv", csv.as_bytes()),
        ImportError::BadRange { file: "s3.csv".into(), sku: "S3STANDARDSTOR01".into(), value: "50 TB".into() }
    );
}

#[test]
fn prices_of_products_skyplan_skips_are_not_read() {
    // A broken price on the Windows SKU does not stop the import.
    let json = ec2_json_with(&[("\"0.1920000000\"", "\"n/a\"")]);
    let (catalogs, _) = import(&[OfferFile { name: "win.json", bytes: json.as_bytes() }]);
    assert_eq!(catalogs["us-east-1"].ec2["m5.large"].on_demand_hourly, Some(dec!(0.096)));
}

#[test]
fn garbage_never_panics() {
    let garbage: [&[u8]; 10] = [
        b"{",
        b"{\"products\": []}",
        b"{\"products\": {\"A\": {\"attributes\": 5}}}",
        br#"{"terms": {"OnDemand": {"A": {"A.B": {"priceDimensions": {"x": {"pricePerUnit": {"USD": 1}}}}}}}}"#,
        b"{\"PriceList\": [\"{\", 3]}",
        b"{\"PriceList\": \"nope\"}",
        b"FormatVersion,v1.0\n",
        b"FormatVersion,v1.0\nSKU\n",
        b"\"FormatVersion\",\"v1.0\"\n\"SKU\",\"OfferTermCode\",\"TermType\",\"Unit\",\"PricePerUnit\"\n\xff\xfe,\"\n",
        b"\xef\xbb\xbf{\"offerCode\": \"AmazonEC2\", \"products\": {}, \"terms\": {}}",
    ];
    for bytes in garbage {
        let mut catalogs = BTreeMap::new();
        let _ = import_offer_files(&[OfferFile { name: "garbage", bytes }], &mut catalogs);
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(prefix in prop::sample::select(vec!["", "{", "FormatVersion,v1.0\n"]),
                                   bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut input = prefix.as_bytes().to_vec();
        input.extend(bytes);
        let mut catalogs = BTreeMap::new();
        let _ = import_offer_files(&[OfferFile { name: "fuzz", bytes: &input }], &mut catalogs);
    }

    #[test]
    fn damaged_fixtures_never_panic(which in 0usize..3, cut in 0.0f64..1.0, flip in any::<(usize, u8)>()) {
        let source = [EC2_JSON, EC2_CSV, GET_PRODUCTS][which].bytes;
        let mut input = source[..(source.len() as f64 * cut) as usize].to_vec();
        if !input.is_empty() {
            let at = flip.0 % input.len();
            input[at] = flip.1;
        }
        let mut catalogs = BTreeMap::new();
        let _ = import_offer_files(&[OfferFile { name: "damaged", bytes: &input }], &mut catalogs);
    }
}

fn rate(plan: SavingsPlanType, term_years: u8, purchase_option: PurchaseOption, hourly: Decimal) -> SavingsPlanRate {
    SavingsPlanRate { plan, term_years, purchase_option, hourly }
}

#[test]
fn compute_savings_plan_csv_gives_linux_shared_tenancy_rates_per_type_region_term_and_payment() {
    let (catalogs, report) = import(&[EC2_JSON, COMPUTE_SP]);
    let t3 = &catalogs["us-east-1"].ec2["t3.medium"];
    use PurchaseOption::{AllUpfront, NoUpfront};
    use SavingsPlanType::Compute;
    assert_eq!(
        t3.savings_plans,
        vec![rate(Compute, 1, NoUpfront, dec!(0.0291)), rate(Compute, 1, AllUpfront, dec!(0.0277)), rate(Compute, 3, NoUpfront, dec!(0.0203))]
    );
    // Windows (RunInstances:0002), Dedicated usage and Fargate rates are not Linux shared tenancy.
    assert_eq!(catalogs["us-east-1"].ec2["m5.large"].savings_plans, vec![rate(Compute, 1, NoUpfront, dec!(0.0672))]);
    assert_eq!(catalogs["us-east-1"].sources["ec2.savings_plans"], "AWS Price List AWSComputeSavingsPlan offer file, version 20261130180000");
    assert_eq!(catalogs["us-east-1"].data_dates["ec2.savings_plans"].newest.as_deref(), Some("2026-11-30"));
    // A rate for a region the import has no product data for: kept only where the type is known.
    assert!(report.notes.iter().any(|n| n.contains("t3.medium not added")), "{:?}", report.notes);
    assert_eq!(t3.savings_plan_rate(Compute, 1, NoUpfront), Some(dec!(0.0291)));
    assert_eq!(t3.savings_plan_rate(SavingsPlanType::Ec2Instance, 1, NoUpfront), None);
}

#[test]
fn ec2_instance_savings_plan_json_reads_plans_from_products_and_rates_from_terms() {
    let (catalogs, _) = import(&[EC2_JSON, EC2_INSTANCE_SP]);
    use PurchaseOption::{AllUpfront, NoUpfront};
    use SavingsPlanType::Ec2Instance;
    assert_eq!(
        catalogs["us-east-1"].ec2["t3.medium"].savings_plans,
        vec![rate(Ec2Instance, 1, NoUpfront, dec!(0.0262)), rate(Ec2Instance, 1, AllUpfront, dec!(0.0249)), rate(Ec2Instance, 3, NoUpfront, dec!(0.0183))]
    );
}

#[test]
fn a_savings_plans_rate_that_is_not_a_number_names_the_file_line_and_value() {
    let text = String::from_utf8(COMPUTE_SP.bytes.to_vec()).unwrap().replacen("0.0672", "0.06x2", 1);
    match import_error("sp.csv", text.as_bytes()) {
        ImportError::BadPrice { file, sku, value } => {
            assert_eq!((file.as_str(), value.as_str()), ("sp.csv", "0.06x2"));
            assert!(sku.starts_with("line 8 (m5.large)"), "{sku}");
        }
        other => panic!("{other:?}"),
    }
}
