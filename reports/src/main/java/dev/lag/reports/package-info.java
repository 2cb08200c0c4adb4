/**
 * Many runs to one report: the report model (runs, stages, contenders, ranked candidates) that the
 * HTML, Markdown and CSV writers share. Depends on {@code lag-analysis} only; never on an engine or
 * the selector.
 */
package dev.lag.reports;
