/**
 * The one syntax of named, configurable parts ({@code name(key=value, ...)}): growth operators,
 * policies, scorers. Syntax only; meaning belongs to each registry.
 */
package dev.lag.analysis.spec;
