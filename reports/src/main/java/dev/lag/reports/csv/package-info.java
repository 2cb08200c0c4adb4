/** The report as CSV tables, one file per table. Depends on the report model. */
package dev.lag.reports.csv;
