//! Prints how long each stage of generation takes for one spec, file by file: load, lower,
//! then emit, syn's parse and prettyplease per file on one thread; the whole of
//! `generate` (best of 20); and the files emitted and rendered with a thread per file (a
//! file of units in two parts), with when each thread started and how long it took.
//! (`generate` itself runs such jobs on one worker per core.)
//!
//! `cargo run --release -p generator --example stages [SPEC]` (default `spec/pro.yaml`).

use std::time::Instant;

use generator::emit::context::DocText;
use generator::emit::files::Contents;

/// The allocator `cargo xtask` runs the generator with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "spec/pro.yaml".to_owned());
    let path = std::path::Path::new(&path);
    let text = std::fs::read_to_string(path).expect("read");
    for round in 0..5 {
        let t = Instant::now();
        let document = generator::load::load_str(path, &text).expect("load");
        let load = t.elapsed();
        let t = Instant::now();
        let api = generator::lower::lower(&document).expect("lower");
        let lower = t.elapsed();
        println!("round {round}: load {load:?} lower {lower:?}");
        let analysis = generator::emit::types::analyse(&api);
        for file in generator::emit::files::all() {
            let t = Instant::now();
            // Doc lines are collected as `generate` does; putting them back is not timed.
            let mut cx = file.cx(&api, DocText::Collected);
            let pieces = match &file.contents {
                Contents::Code(emitter) => vec![emitter(&mut cx, &api, "bench")],
                Contents::Parts(parts) => {
                    let all = 0..(parts.units)(&api);
                    let units = parts.emit_units(&mut cx, &api, &analysis, all);
                    let (head, tail) = parts.emit_frame(&mut cx, &api, &analysis);
                    vec![head, units, tail]
                }
                Contents::Text(_) => continue,
            };
            let emit = t.elapsed();
            let t = Instant::now();
            let text: usize = pieces.iter().map(|tokens| tokens.to_string().len()).sum();
            let to_string = t.elapsed();
            let t = Instant::now();
            let parsed: Vec<syn::File> = pieces
                .into_iter()
                .map(|tokens| syn::parse2::<syn::File>(tokens).expect("parse"))
                .collect();
            let parse = t.elapsed();
            let t = Instant::now();
            let out: usize = parsed
                .iter()
                .map(|file| prettyplease::unparse(file).len())
                .sum();
            let unparse = t.elapsed();
            println!(
                "  {:16} emit {:>10?} parse {:>10?} unparse {:>10?} tokens {} KB out {} KB (to_string {:?})",
                file.path,
                emit,
                parse,
                unparse,
                text / 1024,
                out / 1024,
                to_string
            );
        }
    }
    // The whole of `generate` as the benchmark runs it, threads included: the best of 20.
    let options = generator::Options {
        crate_name: "stages".to_owned(),
        spec_display: "stages.yaml".to_owned(),
        command: "stages".to_owned(),
    };
    let mut best = std::time::Duration::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        let document = generator::load::load_str(path, &text).expect("load");
        generator::generate(&document, &options).expect("generate");
        best = best.min(t.elapsed());
    }
    println!("load and generate, best of 20: {best:?}");
    // Per-file jobs on a thread each (a file of units in two parts), each timed.
    let document = generator::load::load_str(path, &text).expect("load");
    let api = generator::lower::lower(&document).expect("lower");
    let analysis = generator::emit::types::analyse(&api);
    let files = generator::emit::files::all();
    for _ in 0..3 {
        let start = Instant::now();
        let timings: Vec<(String, std::time::Duration, std::time::Duration)> =
            std::thread::scope(|scope| {
                let mut handles = Vec::new();
                for file in &files {
                    let (api, analysis) = (&api, &analysis);
                    match &file.contents {
                        Contents::Code(_) => {
                            handles.push(scope.spawn(move || {
                                let begun = start.elapsed();
                                let t = Instant::now();
                                generator::schedule::render_file(
                                    file,
                                    api,
                                    analysis,
                                    "",
                                    "x",
                                    DocText::Collected,
                                )
                                .expect("render");
                                (file.path.to_owned(), begun, t.elapsed())
                            }));
                        }
                        Contents::Parts(parts) => {
                            for (index, range) in parts.ranges(api, 2).into_iter().enumerate() {
                                handles.push(scope.spawn(move || {
                                    let begun = start.elapsed();
                                    let t = Instant::now();
                                    generator::schedule::render_part(
                                        file, parts, api, analysis, range,
                                    )
                                    .expect("render");
                                    (format!("{} part {index}", file.path), begun, t.elapsed())
                                }));
                            }
                        }
                        Contents::Text(_) => {}
                    }
                }
                handles
                    .into_iter()
                    .map(|h| h.join().expect("join"))
                    .collect()
            });
        println!("emit and render on threads: {:?}", start.elapsed());
        for (name, begun, took) in timings {
            println!("  {name:20} started at {begun:>10?}, took {took:>10?}");
        }
    }
}
