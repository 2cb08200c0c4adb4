/**
 * The report as one self-contained HTML page (FreeMarker template, inlined uPlot charts): no
 * network request when opened. Depends on the report model.
 */
package dev.lag.reports.html;
