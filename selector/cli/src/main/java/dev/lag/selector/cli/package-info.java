/**
 * The {@code lag} command line: one thin picocli command per job (parse, call, print). User
 * mistakes print one line and exit 2; SIGTERM and Ctrl-C stop training at a step boundary. The only
 * package that may depend on every module; nothing may depend on it.
 */
package dev.lag.selector.cli;
