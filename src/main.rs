fn main() -> std::process::ExitCode {
    planlint::cli::run()
}
