//! `skyplan pricing update`: download the Price List for some regions and
//! services, then build catalogs from it exactly as `pricing import` does.

use anyhow::{bail, Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use skyplan_pricelist::{Client, Progress, Request, Service};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Args<'a> {
    pub endpoint: &'a str,
    pub regions: &'a [String],
    pub services: &'a [String],
    pub out: &'a Path,
    pub cache: Option<&'a Path>,
}

pub fn update(args: Args) -> Result<()> {
    let services = parse_services(args.services)?;
    for region in args.regions {
        if skyplan_core::aws::region_location(region).is_none() {
            bail!(
                "\"{region}\" is not a region skyplan has catalogs for; expected one of {}",
                skyplan_core::aws::REGIONS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
            );
        }
    }
    let cache = args.cache.map_or_else(|| args.out.join(".downloads"), Path::to_path_buf);
    let request = Request { endpoint: args.endpoint.to_owned(), regions: args.regions.to_vec(), services, cache };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the async runtime")?;
    let client = Client::new()?;
    let progress = Bars::default();
    let fetched = runtime.block_on(skyplan_pricelist::fetch(&client, &request, &progress))?;
    progress.clear();

    if let Some(publication) = &fetched.publication {
        println!("Price List published {publication}");
    }
    for note in &fetched.notes {
        println!("note: {note}");
    }
    let files: Vec<PathBuf> = fetched.files.iter().map(|f| f.path.clone()).collect();
    crate::commands::import_into(&files, args.out)
}

fn parse_services(names: &[String]) -> Result<Vec<Service>> {
    if names.is_empty() {
        return Ok(Service::ALL.to_vec());
    }
    names
        .iter()
        .flat_map(|n| n.split(','))
        .map(|name| match Service::parse(name.trim()) {
            Some(service) => Ok(service),
            None => bail!("\"{name}\" is not a service skyplan prices; expected one of {}", Service::expected()),
        })
        .collect()
}

/// A byte progress bar per file on a terminal; one line per file otherwise.
#[derive(Default)]
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    fn clear(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bars {
    fn started(&self, url: &str, total: Option<u64>, resumed_at: u64) {
        let name = url.rsplit_once("/offers/").or_else(|| url.rsplit_once("/savingsPlan/")).map_or(url, |(_, tail)| tail);
        let resumed = if resumed_at > 0 { format!(", resuming at {resumed_at} bytes") } else { String::new() };
        if !std::io::stderr().is_terminal() {
            eprintln!("downloading {name}{resumed}");
            return;
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(format!("{name}{resumed}"));
        bar.set_position(resumed_at);
        *self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(bar);
    }

    fn advanced(&self, bytes: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
            bar.inc(bytes);
        }
    }

    fn finished(&self, _url: &str) {
        self.clear();
    }
}
