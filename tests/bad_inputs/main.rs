//! The bad-input matrix: every input a CI run over a folder of documents may meet, each run
//! as `check good.txt BAD good2.txt`. A bad file must give exit code 2 and a Chinese message
//! on stderr that names it (and its line where it has one); a file that is merely unusual
//! must be read; either way the two good plans are still reported, nothing panics, and the
//! run ends within a wall-clock bound (the harness kills it otherwise) and a memory bound
//! (`ulimit -v` on Unix).

mod configs;
mod docx;
mod harness;
#[cfg(unix)]
mod special_files;
mod text;
