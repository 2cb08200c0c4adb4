package dev.lag.reports;

import java.util.List;

/**
 * One final model of a study on the reasoning primitives, beside its loss: do operators with equal
 * loss differ in reasoning (the MIDAS claim)?
 *
 * @param candidate the candidate
 * @param evalLoss its final validation loss
 * @param meanAccuracy mean accuracy over the primitives
 * @param tasks accuracy per primitive, in the study's order
 */
public record ReasoningRow(
    String candidate, double evalLoss, double meanAccuracy, List<TaskAccuracy> tasks) {

  /**
   * Accuracy on one primitive with its 95% interval.
   *
   * @param task the primitive ({@code assign-d1-code}, ...)
   * @param accuracy share of exact greedy answers
   * @param lower lower end of the 95% Wilson interval
   * @param upper upper end of the 95% Wilson interval
   * @param chance accuracy of copying a random value of the query line
   */
  public record TaskAccuracy(
      String task, double accuracy, double lower, double upper, double chance) {}
}
