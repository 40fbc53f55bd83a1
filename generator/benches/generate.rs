//! Benchmarks of in-process generation: load, lower, emit and render, for the PRO spec and
//! the largest corpus spec, to check that the PRO spec takes well under 50 ms and that time
//! grows linearly with spec size.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The allocator `cargo xtask` runs the generator with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options() -> generator::Options {
    generator::Options {
        crate_name: "bench".to_owned(),
        spec_display: "bench.yaml".to_owned(),
        command: "cargo bench".to_owned(),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bench_spec(c: &mut Criterion, name: &str, path: &Path) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut group = c.benchmark_group("generate");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function(name, |b| {
        b.iter(|| {
            let document = generator::load::load_str(path, &text).expect("the spec loads");
            generator::generate(&document, &options()).expect("the spec generates")
        })
    });
    group.finish();
}

fn generate(c: &mut Criterion) {
    let root = root();
    bench_spec(c, "pro", &root.join("spec/pro.yaml"));
    let corpus = root.join("generator/tests/corpus");
    for name in [
        "progenitor-nexus.json",
        "spotify.yml",
        "xero_accounting.yaml",
    ] {
        bench_spec(c, name, &corpus.join(name));
    }
}

criterion_group!(benches, generate);
criterion_main!(benches);
