//! A real browser for tests of HTML output: opens a file in headless Chromium, returns the DOM
//! after the page has loaded (scripts run, layout done) and the text a reader sees, and saves a
//! PNG screenshot for a person to look at.
//!
//! The browser is Debian's `chromium` (`apt-get install chromium`), found by [`chromium`]. Each run
//! starts a fresh browser with its own empty profile, and these flags:
//!
//! - `--headless`: no display on a test machine.
//! - `--no-sandbox`: tests and CI run as root, and Chromium refuses to start as root with its
//!   sandbox (exit status 1, "Running as root without --no-sandbox is not supported").
//! - `--disable-gpu`: no GPU on a test machine; software rendering only.
//! - `--disable-quic`, `--disable-background-networking`, `--disable-component-update`,
//!   `--disable-sync`, `--no-first-run`: a fresh profile otherwise makes Chromium phone home
//!   (field trials, component updates, sync, first-run pages). The test machines have a closed
//!   network that refuses those connections, many at a time; the pages tested here are local
//!   files and need no network.
//! - `--disable-dev-shm-usage`: shared memory in the temp dir rather than `/dev/shm`, which is
//!   tiny in some containers. Debian's launcher means to add this flag when `/dev/shm` is small,
//!   but its test breaks where `findmnt` prints two lines (the harmless
//!   `[: …: unexpected operator` on stderr), so it is given here.
//! - `--user-data-dir=<new empty dir>`: no state shared between runs or with a person's own
//!   browser; the directory is removed afterwards.
//!
//! Chromium writes much noise on stderr even when all is well (D-Bus is missing, and so on); it
//! is read only to explain a failure. Two things fail with exit status 0 and are checked here
//! instead: `--dump-dom` of a missing file prints nothing, and `--screenshot` into a missing
//! directory writes nothing. Each run is killed after [`TIMEOUT`] (a page with a script that
//! never ends never finishes loading).
//!
//! `--dump-dom` prints the DOM as it is once the page's `load` event has fired, serialised as
//! HTML: what scripts wrote by then is there, and `&nbsp;` stands for every no-break space; what a
//! script adds later (a timer, a fetch) may not be.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long one Chromium run may take before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The size of the window the screenshot shows (CSS pixels): an A4-ish page at a readable size.
/// Content below it is not in the picture.
pub const WINDOW_SIZE: (u32, u32) = (1200, 1600);

/// The flags every run is started with (see the module documentation for why).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// What a page shows once loaded.
#[derive(Debug, Clone)]
pub struct Page {
    /// The visible text: the DOM without tags, comments, `<script>`, `<style>`, `<title>` and
    /// `<template>` content, entities decoded, every run of whitespace (no-break spaces included)
    /// made one space.
    pub text: String,
    /// The DOM after loading, serialised by Chromium as HTML.
    pub dom: String,
}

/// The Chromium to use: the file named by `MOTIF_CHROMIUM` if that variable is set (and nothing
/// else, so that an explicit choice is never silently replaced), else `/usr/bin/chromium`, else
/// `chromium` on the `PATH`. `None` when there is no such executable file.
pub fn chromium() -> Option<PathBuf> {
    if let Some(chosen) = std::env::var_os("MOTIF_CHROMIUM").filter(|v| !v.is_empty()) {
        let chosen = PathBuf::from(chosen);
        return is_executable(&chosen).then_some(chosen);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if is_executable(&debian) {
        return Some(debian);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| is_executable(candidate))
}

/// [`chromium`] for a test that needs it, with the project's policy when it is missing: under CI
/// (the `CI` variable set, as `.ci/run` does) the browser is part of the set-up, so this panics;
/// elsewhere it prints that `test` is skipped and returns `None`, so that a developer without
/// Chromium can still run `cargo test`.
pub fn chromium_for_test(test: &str) -> Option<PathBuf> {
    if let Some(found) = chromium() {
        return Some(found);
    }
    let wanted = match std::env::var_os("MOTIF_CHROMIUM") {
        Some(chosen) if !chosen.is_empty() => {
            format!("MOTIF_CHROMIUM={}", chosen.to_string_lossy())
        }
        _ => "/usr/bin/chromium or chromium on the PATH".to_string(),
    };
    if under_ci() {
        panic!(
            "{test}: no Chromium ({wanted} is not an executable file). Under CI the browser is \
             part of the test set-up: install it (`apt-get install -y chromium`, as .ci/run does) \
             or set MOTIF_CHROMIUM to its path."
        );
    }
    // Straight to stderr, not `eprintln!`: the test harness would capture that and show it only
    // for a failing test, and a skip must not go unseen.
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped, no Chromium ({wanted}); install it (`apt-get install -y chromium`) or set \
         MOTIF_CHROMIUM to run this test"
    );
    None
}

/// Whether the `CI` variable is set to something other than empty, `0` or `false`.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Opens `html_file` in headless Chromium: returns what the page shows, and saves a PNG
/// screenshot of a [`WINDOW_SIZE`] window at `screenshot` (its directory is created; a file
/// already there is replaced). Chromium runs twice, once for the DOM and once for the picture.
pub fn open(html_file: &Path, screenshot: &Path) -> Result<Page, String> {
    open_within(html_file, "", screenshot, TIMEOUT)
}

/// [`open`] with a query string after the file's URL (`?q=423`, percent-encoded by the caller),
/// for a page whose script reads `location.search`.
pub fn open_with_query(html_file: &Path, query: &str, screenshot: &Path) -> Result<Page, String> {
    open_within(html_file, query, screenshot, TIMEOUT)
}

fn open_within(
    html_file: &Path,
    query: &str,
    screenshot: &Path,
    timeout: Duration,
) -> Result<Page, String> {
    let html_file = fs::canonicalize(html_file)
        .map_err(|e| format!("cannot open {} in the browser: {e}", html_file.display()))?;
    if !html_file.is_file() {
        return Err(format!("{} is not a file", html_file.display()));
    }
    let browser = chromium().ok_or_else(|| {
        "no Chromium: install it (`apt-get install -y chromium`) or set MOTIF_CHROMIUM".to_string()
    })?;
    let url = format!("{}{query}", file_url(&html_file));

    let dumped = run(
        &browser,
        &[OsString::from("--dump-dom"), OsString::from(&url)],
        timeout,
    )?;
    let dom = String::from_utf8(dumped.stdout)
        .map_err(|e| format!("chromium --dump-dom {url}: the DOM is not UTF-8: {e}"))?;
    if dom.trim().is_empty() {
        return Err(format!(
            "chromium --dump-dom {url} printed nothing{}",
            dumped.stderr
        ));
    }

    let screenshot = absolute(screenshot)?;
    if let Some(dir) = screenshot.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    match fs::remove_file(&screenshot) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot replace {}: {e}", screenshot.display())),
    }
    let mut shot_flag = OsString::from("--screenshot=");
    shot_flag.push(&screenshot);
    let (width, height) = WINDOW_SIZE;
    let args = [
        shot_flag,
        OsString::from(format!("--window-size={width},{height}")),
        OsString::from("--hide-scrollbars"),
        OsString::from(&url),
    ];
    let shot = run(&browser, &args, timeout)?;
    match fs::metadata(&screenshot) {
        Ok(meta) if meta.len() > 0 => {}
        _ => {
            return Err(format!(
                "chromium --screenshot did not write {} for {url}{}",
                screenshot.display(),
                shot.stderr
            ));
        }
    }

    Ok(Page {
        text: visible_text(&dom),
        dom,
    })
}

/// What one run printed: stdout as is, stderr already shaped for an error message.
struct Run {
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `browser` with [`FLAGS`], a fresh profile and `args`; kills it after `timeout`.
///
/// Its output goes to files, not pipes: a killed browser's helper processes may hold a pipe open
/// and block a reader for ever, and a full pipe would stall the browser.
fn run(browser: &Path, args: &[OsString], timeout: Duration) -> Result<Run, String> {
    let scratch = Scratch::new()?;
    let profile = scratch.path.join("profile");
    let out_path = scratch.path.join("stdout");
    let err_path = scratch.path.join("stderr");
    fs::create_dir(&profile).map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
    let out = File::create(&out_path)
        .map_err(|e| format!("cannot create {}: {e}", out_path.display()))?;
    let err = File::create(&err_path)
        .map_err(|e| format!("cannot create {}: {e}", err_path.display()))?;

    let mut user_data_dir = OsString::from("--user-data-dir=");
    user_data_dir.push(&profile);
    let mut command = Command::new(browser);
    command
        .args(FLAGS)
        .arg(user_data_dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    // Its own process group, so that a timeout kills the browser's helpers too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let described = describe(browser, args);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {described}: {e}"))?;

    let deadline = Instant::now() + timeout;
    let status: ExitStatus = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{described} did not finish within {} s and was killed{}",
                    timeout.as_secs_f32(),
                    stderr_note(&err_path)
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot wait for {described}: {e}"));
            }
        }
    };
    let stderr = stderr_note(&err_path);
    if !status.success() {
        return Err(format!("{described} failed ({status}){stderr}"));
    }
    let stdout =
        fs::read(&out_path).map_err(|e| format!("cannot read {}: {e}", out_path.display()))?;
    Ok(Run { stdout, stderr })
}

/// Kills the process group led by `pid` (the browser and its helpers), best effort.
fn kill_group(pid: u32) {
    if cfg!(unix) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Chromium's stderr for an error message, after a newline, without its D-Bus noise (counted).
fn stderr_note(path: &Path) -> String {
    let Ok(bytes) = fs::read(path) else {
        return String::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut kept = Vec::new();
    let mut noise = 0;
    for line in text.lines() {
        if line.contains(":ERROR:dbus/") {
            noise += 1;
        } else if !line.trim().is_empty() {
            kept.push(line);
        }
    }
    let mut note = String::from("\n--- chromium's stderr");
    if noise > 0 {
        note.push_str(&format!(" ({noise} lines about D-Bus left out)"));
    }
    note.push_str(" ---\n");
    if kept.is_empty() {
        note.push_str(if noise > 0 {
            "(nothing else)"
        } else {
            "(empty)"
        });
    } else {
        note.push_str(&kept.join("\n"));
    }
    note
}

fn describe(browser: &Path, args: &[OsString]) -> String {
    let mut text = browser.display().to_string();
    for arg in args {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    std::env::current_dir()
        .map(|dir| dir.join(path))
        .map_err(|e| format!("cannot resolve {}: {e}", path.display()))
}

/// A `file://` URL for an absolute path, with every byte outside `A-Z a-z 0-9 - . _ ~ /`
/// percent-encoded (spaces, `#`, `?`, `%`, accents).
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut url = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// A new empty directory under the system's temp dir, removed with everything in it on drop.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new() -> Result<Self, String> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "motif-chromium-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        fs::create_dir(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Elements whose content is not shown.
const HIDDEN: &[&str] = &["script", "style", "title", "template"];

/// Elements that start a new line or cell when shown: their tags separate words.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "img",
    "input",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The text a reader sees in serialised HTML, in a simple way (no CSS: an element hidden by a
/// style still counts): tags, comments and the content of [`HIDDEN`] elements are dropped, block
/// tags separate words, entities are decoded, and every run of whitespace (no-break and narrow
/// no-break spaces included) becomes one space.
pub fn visible_text(html: &str) -> String {
    let mut raw = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        raw.push_str(&decode_entities(&rest[..start]));
        rest = &rest[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name = tag_name(tag);
        let closing = tag.starts_with("</");
        if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with("/>") {
            rest = skip_past_closing(rest, &name);
        }
        if BLOCKS.contains(&name.as_str()) {
            raw.push(' ');
        }
    }
    raw.push_str(&decode_entities(rest));
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of the tag at the start of `text` (which starts with `<`), quotes respected.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The lower-case name of a tag such as `<p class=x>`, `</P>` or `<br/>`; empty for `<!DOCTYPE>`.
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// `text` after the closing tag of `name` (case-insensitive); empty if there is none.
fn skip_past_closing<'a>(text: &'a str, name: &str) -> &'a str {
    let needle = format!("</{name}");
    let lower = text.to_ascii_lowercase();
    match lower.find(&needle) {
        Some(at) => {
            let after = &text[at..];
            &after[tag_end(after)..]
        }
        None => "",
    }
}

/// Decodes `&amp; &lt; &gt; &quot; &#39; &apos; &nbsp;` and numeric references; anything else is
/// left as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&rest[1..end]).map(|c| (c, end + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_drops_tags_scripts_and_styles() {
        let html = "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
                    <title>Titre</title><style>h1 { color: navy }</style>\
                    <script>if (a < b && c > d) { x = '</p>'; }</script></head>\
                    <body><h1>Article L.&nbsp;423-1</h1><!-- <p>commentaire</p> -->\
                    <p>condition <b>non</b> remplie&nbsp;: le mariage a été transcrit</p>\
                    <ul><li>a &amp; b</li><li>&lt;c&gt; &quot;d&quot; &#39;e&#39; &#x2014;</li></ul>\
                    <p title=\"x > y\">fin</p><SCRIPT type=x>cacher()</SCRIPT></body></html>";
        assert_eq!(
            visible_text(html),
            "Article L. 423-1 condition non remplie : le mariage a été transcrit \
             a & b <c> \"d\" 'e' \u{2014} fin"
        );
    }

    #[test]
    fn visible_text_keeps_unknown_entities_and_inline_words_together() {
        assert_eq!(
            visible_text("<p>A&B &copy; mot<i>s</i>\u{202f}!</p>"),
            "A&B &copy; mots !"
        );
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/lettre à #1 100%.html")),
            "file:///tmp/lettre%20%C3%A0%20%231%20100%25.html"
        );
    }

    #[test]
    fn a_page_that_never_finishes_is_killed() {
        if chromium_for_test("a_page_that_never_finishes_is_killed").is_none() {
            return;
        }
        let scratch = Scratch::new().unwrap_or_else(|e| panic!("{e}"));
        let html = scratch.path.join("hang.html");
        fs::write(&html, "<p>avant</p><script>while (true) {}</script>")
            .unwrap_or_else(|e| panic!("{e}"));
        let started = Instant::now();
        let error = open_within(
            &html,
            "",
            &scratch.path.join("hang.png"),
            Duration::from_secs(3),
        )
        .err()
        .unwrap_or_else(|| panic!("a page that never finishes loading was opened"));
        println!("{error}");
        assert!(error.contains("did not finish within 3 s"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(20), "{error}");
    }
}
