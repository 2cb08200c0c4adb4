/** The report as Markdown, for a pull request or a notebook. Depends on the report model. */
package dev.lag.reports.markdown;
