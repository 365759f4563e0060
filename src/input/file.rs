//! Getting a file's bytes without blocking or running out of memory: only regular files are
//! opened, and no more is read than the size limit allows.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::InputError;

/// The bytes of a regular file of at most `max` bytes. A FIFO or a device named `plan.txt`
/// is refused from its metadata, before it is opened (opening a FIFO waits for a writer).
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(path).map_err(InputError::Io)?;
    refuse_irregular(&meta)?;
    if meta.len() > max {
        return Err(InputError::TooLarge {
            size: meta.len(),
            limit: max,
        });
    }
    let file = File::open(path).map_err(InputError::Io)?;
    // The path may have been replaced between the two looks; the open file decides.
    refuse_irregular(&file.metadata().map_err(InputError::Io)?)?;
    read_limited(file, max)
}

/// Reads at most `max` bytes; more is [`InputError::TooLarge`] (standard input, or a file
/// that grew while it was read).
pub fn read_limited(reader: impl Read, max: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
            limit: max,
        });
    }
    Ok(bytes)
}

fn refuse_irregular(meta: &std::fs::Metadata) -> Result<(), InputError> {
    match irregular_kind(meta) {
        Some(kind) => Err(InputError::NotRegular { kind }),
        None => Ok(()),
    }
}

/// What a file that is not a regular file is, in the words a drafter reads.
fn irregular_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("设备文件");
        }
        if t.is_socket() {
            return Some("套接字");
        }
    }
    Some("特殊文件")
}

/// An I/O error in the words a drafter reads, with what to do.
pub(crate) fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在；请检查路径是否写对".to_string(),
        K::PermissionDenied => {
            "没有读取权限；请检查文件权限（如 chmod u+r）或换有权限的用户运行".to_string()
        }
        K::IsADirectory => "这是文件夹，不是文件".to_string(),
        _ if e.raw_os_error() == Some(ELOOP) => {
            "符号链接形成循环，无法找到真正的文件；请检查链接指向".to_string()
        }
        _ => format!("{e}"),
    }
}

/// "Too many levels of symbolic links" (the same number on Linux and the BSDs).
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;
