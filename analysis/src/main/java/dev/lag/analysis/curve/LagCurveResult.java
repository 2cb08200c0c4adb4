package dev.lag.analysis.curve;

import java.util.List;
import java.util.Map;

/**
 * The lag curve of a pool of candidates.
 *
 * @param candidates the candidates' names, in input order
 * @param diverged the names of candidates that diverged (ranked last, left out of correlations)
 * @param finalStep the step whose loss is the ground truth
 * @param finalValues each candidate's final value (NaN when diverged)
 * @param best the candidate with the best final value
 * @param scorer the scorer's name
 * @param metric {@code train} or {@code eval}
 * @param points one entry per lag on the grid
 * @param stableFrom the earliest lag on the grid from which the pick never changes again
 * @param replicas seed replicas per candidate: scores and finals are means over them
 * @param seedNoise the spread of final values across seeds, shifts common to every candidate taken
 *     out (see {@link LagCurve#seedNoise}); NaN with one replica
 * @param uncertainty what the ties at each lag measure
 */
public record LagCurveResult(
    List<String> candidates,
    List<String> diverged,
    long finalStep,
    Map<String, Double> finalValues,
    String best,
    String scorer,
    String metric,
    List<LagPoint> points,
    long stableFrom,
    int replicas,
    double seedNoise,
    String uncertainty) {}
