//! Prints how long each stage of generation takes for one spec, file by file.

use std::time::Instant;

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
        for file in generator::emit::files::all() {
            if let generator::emit::files::Contents::Code(emitter) = file.contents {
                let t = Instant::now();
                let tokens = emitter(&api, "bench");
                let emit = t.elapsed();
                let t = Instant::now();
                let text = tokens.to_string();
                let to_string = t.elapsed();
                let t = Instant::now();
                let parsed = syn::parse2::<syn::File>(tokens).expect("parse");
                let parse = t.elapsed();
                let t = Instant::now();
                let out = prettyplease::unparse(&parsed);
                let unparse = t.elapsed();
                println!(
                    "  {:16} emit {:>10?} parse {:>10?} unparse {:>10?} tokens {} KB out {} KB (to_string {:?})",
                    file.path,
                    emit,
                    parse,
                    unparse,
                    text.len() / 1024,
                    out.len() / 1024,
                    to_string
                );
            }
        }
    }
}
