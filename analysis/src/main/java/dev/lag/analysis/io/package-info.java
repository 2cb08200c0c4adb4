/**
 * Records on disk, shared by every module: the run-directory layout and its checks, atomic writes,
 * metrics lines, provenance and JSON numbers. Engine-free, so the HTTP service and the selection
 * core can write records without loading PyTorch.
 */
package dev.lag.analysis.io;
