//! The scheduler: every file of a crate emitted and rendered as jobs on one worker thread
//! per core, a file made of units in parts, and the parts joined under their head and tail.

use std::ops::Range;
use std::path::PathBuf;

use crate::emit::analysis::Analysis;
use crate::emit::context::DocText;
use crate::emit::files::{Contents, EmittedFile, PartsEmitter};
use crate::{Error, OutputFile, emit, ir, render};

/// Units per part: small parts let the workers finish close together, and the cost of a
/// part beyond its units (a context, a `Checker`) is small.
const UNITS_PER_PART: usize = 16;

/// One piece of rendering work: a whole file, or a range of the units of a file made of
/// units. `index` is the file's position in the list of files.
enum Job<'a> {
    Whole {
        index: usize,
        file: &'a EmittedFile,
    },
    Part {
        index: usize,
        file: &'a EmittedFile,
        parts: &'a PartsEmitter,
        range: Range<usize>,
    },
}

/// What a job gives: a file's text, or a part of a file made of units printed without a
/// header.
enum Rendered {
    Whole(String),
    Part(String),
}

/// Emits and renders every file of the crate: as jobs on one worker thread per core, each
/// job a whole file or a part of a file made of units (see [`render_part`]), 16 units a
/// part. Files are independent and rendering (syn and prettyplease) is most of the time.
/// A worker finishes a job before it takes the next, so jobs do not take turns on a core
/// and evict each other's data from its caches. Whole files go first, as they cannot be
/// split, and the parts fill in around them, so that the workers finish close together.
/// The parts of a file are joined in order (see [`join_parts`]), which gives the bytes of
/// rendering it whole.
pub fn render_files(
    api: &ir::Api,
    header: &str,
    crate_name: &str,
) -> Result<Vec<OutputFile>, Error> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let files = emit::files::all();
    let jobs = jobs(api, &files);
    // The parts share one analysis of the types, worked out by the first that needs it.
    let analysis = std::sync::OnceLock::new();
    let analysis = || analysis.get_or_init(|| crate::emit::types::analyse(api));
    let rendered = run_in_order(&jobs, workers, |job| match job {
        Job::Whole { file, .. } => {
            let docs = DocText::Collected;
            render_file(file, api, analysis(), header, crate_name, docs).map(Rendered::Whole)
        }
        Job::Part {
            file, parts, range, ..
        } => render_part(file, parts, api, analysis(), range.clone()).map(Rendered::Part),
    });
    // Each file's text if rendered whole, else its parts in order.
    let mut texts: Vec<Option<String>> = files.iter().map(|_| None).collect();
    let mut parts: Vec<Vec<String>> = files.iter().map(|_| Vec::new()).collect();
    for (job, result) in jobs.iter().zip(rendered) {
        let (Job::Whole { index, file } | Job::Part { index, file, .. }) = job;
        match result.map_err(|error| render_error(file.path, &error))? {
            Rendered::Whole(text) => {
                if let Some(slot) = texts.get_mut(*index) {
                    *slot = Some(text);
                }
            }
            Rendered::Part(part) => {
                if let Some(slot) = parts.get_mut(*index) {
                    slot.push(part);
                }
            }
        }
    }
    let mut output = Vec::with_capacity(files.len());
    for ((file, text), parts) in files.iter().zip(texts).zip(parts) {
        let contents = match (text, &file.contents) {
            (Some(text), _) => text,
            (None, Contents::Parts(emitter)) => {
                join_parts(file, emitter, api, analysis(), header, parts)
                    .map_err(|error| render_error(file.path, &error))?
            }
            (None, Contents::Code(_) | Contents::Text(_)) => String::new(),
        };
        output.push(OutputFile {
            path: format!("src/{}", file.path),
            contents,
        });
    }
    Ok(output)
}

/// The jobs for `files`: the files that are not made of units, whole, then the parts of
/// the others.
fn jobs<'a>(api: &ir::Api, files: &'a [EmittedFile]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for (index, file) in files.iter().enumerate() {
        if !matches!(file.contents, Contents::Parts(_)) {
            jobs.push(Job::Whole { index, file });
        }
    }
    for (index, file) in files.iter().enumerate() {
        if let Contents::Parts(parts) = &file.contents {
            let count = (parts.units)(api).div_ceil(UNITS_PER_PART);
            for range in parts.ranges(api, count) {
                jobs.push(Job::Part {
                    index,
                    file,
                    parts,
                    range,
                });
            }
        }
    }
    jobs
}

/// A rendering error of the file at `path` (relative to `src/`).
fn render_error(path: &str, error: &syn::Error) -> Error {
    Error::Render {
        file: PathBuf::from(path),
        message: error.to_string(),
    }
}

/// One file emitted and rendered whole on this thread under `header`, its doc text going
/// through `docs`; a file made of units as one part.
pub fn render_file(
    file: &EmittedFile,
    api: &ir::Api,
    analysis: &Analysis<'_>,
    header: &str,
    crate_name: &str,
    docs: DocText,
) -> Result<String, syn::Error> {
    match &file.contents {
        Contents::Code(emitter) => {
            let mut cx = file.cx(api, docs);
            let tokens = emitter(&mut cx, api, crate_name);
            render::render_with_docs(tokens, header, &cx.docs.into_blocks())
        }
        Contents::Parts(parts) => {
            let all = 0..(parts.units)(api);
            let part = render_part_with(file, parts, api, analysis, all, docs)?;
            join_parts(file, parts, api, analysis, header, vec![part])
        }
        Contents::Text(text) => Ok(format!("{header}{text}")),
    }
}

/// The units of `range` of a file made of units, emitted with their doc text collected
/// and printed without a header.
pub fn render_part(
    file: &EmittedFile,
    parts: &PartsEmitter,
    api: &ir::Api,
    analysis: &Analysis<'_>,
    range: Range<usize>,
) -> Result<String, syn::Error> {
    render_part_with(file, parts, api, analysis, range, DocText::Collected)
}

/// [`render_part`] with the doc text going through `docs`.
fn render_part_with(
    file: &EmittedFile,
    parts: &PartsEmitter,
    api: &ir::Api,
    analysis: &Analysis<'_>,
    range: Range<usize>,
    docs: DocText,
) -> Result<String, syn::Error> {
    let mut cx = file.cx(api, docs);
    let tokens = parts.emit_units(&mut cx, api, analysis, range);
    render::render_body_with_docs(tokens, &cx.docs.into_blocks())
}

/// A file made of units from its parts (see [`render_part`]), in order: `header`, the
/// head, the parts and the tail. Any split of the units into consecutive ranges gives the
/// bytes of rendering the whole file at once.
pub fn join_parts(
    file: &EmittedFile,
    parts: &PartsEmitter,
    api: &ir::Api,
    analysis: &Analysis<'_>,
    header: &str,
    bodies: Vec<String>,
) -> Result<String, syn::Error> {
    let mut cx = file.cx(api, DocText::Collected);
    let (head, tail) = parts.emit_frame(&mut cx, api, analysis);
    let docs = cx.docs.into_blocks();
    let head = render::render_body_with_docs(head, &docs)?;
    let tail = render::render_body_with_docs(tail, &docs)?;
    Ok(render::join(
        header,
        std::iter::once(head.as_str())
            .chain(bodies.iter().map(String::as_str))
            .chain([tail.as_str()]),
    ))
}

/// Runs `run` on every job on up to `workers` threads, each taking the next job in order
/// when it is free, and returns the results in the order of the jobs.
fn run_in_order<J: Sync, T: Send>(
    jobs: &[J],
    workers: usize,
    run: impl Fn(&J) -> T + Sync,
) -> Vec<T> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.clamp(1, jobs.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else {
                            return done;
                        };
                        done.push((index, run(job)));
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(joined).collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// The result of a thread, whose panic (a bug) goes on in this thread.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

#[cfg(test)]
mod tests {
    use super::run_in_order;

    #[test]
    fn jobs_run_once_each_and_results_keep_the_order_of_the_jobs() {
        let jobs: Vec<usize> = (0..23).collect();
        for workers in [1, 2, 3, 8, 40] {
            let runs = std::sync::atomic::AtomicUsize::new(0);
            let results = run_in_order(&jobs, workers, |job| {
                runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                job * 10
            });
            assert_eq!(results, jobs.iter().map(|job| job * 10).collect::<Vec<_>>());
            assert_eq!(runs.into_inner(), jobs.len());
        }
        assert!(run_in_order(&[] as &[usize], 2, |job| *job).is_empty());
    }
}
