package com.jsmai.plugin.safety;

import java.util.Arrays;
import java.util.Objects;

/**
 * L2-regularised logistic regression, trained by Newton's method (iteratively reweighted least
 * squares) in plain Java: deterministic (fixed zero start, a fixed order of summation, no threads,
 * no randomness), so the same data always gives the same weights. Meant for a few hundred features
 * and a few thousand rows; each Newton step costs O(rows × features²).
 *
 * <p>Objective, minimised: {@code Σ_i s_i · logloss(y_i, σ(w·x_i + b)) + ||w||² / (2C)}, where
 * {@code s_i} is the row's weight (class-balanced by {@link #balancedWeights}) and the bias {@code
 * b} is not regularised.
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /**
   * A trained model.
   *
   * @param weights one per feature
   * @param bias the intercept
   * @param iterations Newton steps taken
   * @param losses the objective before each step and after the last (length {@code iterations+1})
   */
  public record Model(double[] weights, double bias, int iterations, double[] losses) {
    public Model {
      weights = weights.clone();
      losses = losses.clone();
    }

    /** σ(w·x + b): the probability of the positive class. */
    public double probability(double[] x) {
      if (x.length != weights.length) {
        throw new IllegalArgumentException(
            "expected " + weights.length + " features, got " + x.length);
      }
      double z = bias;
      for (int j = 0; j < x.length; j++) z += weights[j] * x[j];
      return sigmoid(z);
    }
  }

  /** Stops when a step changes the objective by less than this, relatively. */
  static final double TOLERANCE = 1e-10;

  static final int MAX_ITERATIONS = 100;

  /**
   * Row weights that give both classes the same total weight, {@code n / (2 n_class)} each, so the
   * few attacks count as much as the many benign questions.
   */
  public static double[] balancedWeights(int[] y) {
    int positives = 0;
    for (int v : y) positives += v;
    int negatives = y.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "both classes are needed: " + positives + " positive, " + negatives + " negative rows");
    }
    double[] s = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      s[i] = y[i] == 1 ? y.length / (2.0 * positives) : y.length / (2.0 * negatives);
    }
    return s;
  }

  /**
   * Fits the model.
   *
   * @param x rows × features; not modified
   * @param y labels, 0 or 1
   * @param rowWeights one per row, &gt; 0 (see {@link #balancedWeights})
   * @param c inverse regularisation strength, &gt; 0
   */
  public static Model train(double[][] x, int[] y, double[] rowWeights, double c) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) throw new IllegalArgumentException("no rows");
    if (y.length != x.length || rowWeights.length != x.length) {
      throw new IllegalArgumentException(
          "rows: x " + x.length + ", y " + y.length + ", weights " + rowWeights.length);
    }
    if (!(c > 0) || Double.isInfinite(c)) throw new IllegalArgumentException("C must be > 0: " + c);
    int n = x.length;
    int d = x[0].length;
    for (int i = 0; i < n; i++) {
      if (x[i].length != d) throw new IllegalArgumentException("row " + i + " has " + x[i].length);
      if (y[i] != 0 && y[i] != 1) throw new IllegalArgumentException("label " + y[i] + " at " + i);
      if (!(rowWeights[i] > 0)) throw new IllegalArgumentException("weight at " + i);
    }
    double lambda = 1.0 / c;
    // theta = [w_0 .. w_{d-1}, b]; the bias is the last coordinate and is not regularised.
    int p = d + 1;
    double[] theta = new double[p];
    double[] losses = new double[MAX_ITERATIONS + 1];
    double loss = objective(x, y, rowWeights, lambda, theta);
    losses[0] = loss;
    int it = 0;
    while (it < MAX_ITERATIONS) {
      double[] grad = new double[p];
      double[][] hess = new double[p][p];
      for (int i = 0; i < n; i++) {
        double[] xi = x[i];
        double mu = sigmoid(dot(theta, xi));
        double g = rowWeights[i] * (mu - y[i]);
        // Curvature floor: keeps the Hessian well conditioned once rows are fitted perfectly.
        double h = rowWeights[i] * Math.max(mu * (1 - mu), 1e-12);
        for (int j = 0; j < d; j++) {
          grad[j] += g * xi[j];
          double hxj = h * xi[j];
          double[] row = hess[j];
          for (int k = j; k < d; k++) row[k] += hxj * xi[k];
          row[d] += hxj;
        }
        grad[d] += g;
        hess[d][d] += h;
      }
      for (int j = 0; j < d; j++) {
        grad[j] += lambda * theta[j];
        hess[j][j] += lambda;
      }
      for (int j = 0; j < p; j++) for (int k = 0; k < j; k++) hess[j][k] = hess[k][j];
      double[] step = solveCholesky(hess, grad);
      // Damped step: halve until the objective does not increase (Newton can overshoot early).
      double t = 1.0;
      double[] next = new double[p];
      double nextLoss;
      while (true) {
        for (int j = 0; j < p; j++) next[j] = theta[j] - t * step[j];
        nextLoss = objective(x, y, rowWeights, lambda, next);
        if (nextLoss <= loss || t < 1e-6) break;
        t /= 2;
      }
      it++;
      boolean done = Math.abs(loss - nextLoss) <= TOLERANCE * Math.max(1.0, Math.abs(loss));
      theta = next;
      loss = nextLoss;
      losses[it] = loss;
      if (done) break;
    }
    return new Model(Arrays.copyOf(theta, d), theta[d], it, Arrays.copyOf(losses, it + 1));
  }

  /** The regularised, row-weighted log loss at {@code theta} (features then bias). */
  static double objective(double[][] x, int[] y, double[] s, double lambda, double[] theta) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = dot(theta, x[i]);
      // log(1 + e^-z) for y=1, log(1 + e^z) for y=0, computed without overflow.
      double m = y[i] == 1 ? -z : z;
      sum += s[i] * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    }
    double reg = 0;
    for (int j = 0; j < theta.length - 1; j++) reg += theta[j] * theta[j];
    return sum + lambda * reg / 2;
  }

  /** w·x + b, with theta = [w, b]. */
  private static double dot(double[] theta, double[] xi) {
    double z = theta[xi.length];
    for (int j = 0; j < xi.length; j++) z += theta[j] * xi[j];
    return z;
  }

  static double sigmoid(double z) {
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** Solves A v = b for a symmetric positive definite A (copied, not modified). */
  static double[] solveCholesky(double[][] a, double[] b) {
    int p = b.length;
    double[][] l = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        double[] li = l[i];
        double[] lj = l[j];
        for (int k = 0; k < j; k++) s -= li[k] * lj[k];
        if (i == j) {
          if (!(s > 0)) throw new IllegalStateException("Hessian not positive definite at " + i);
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
      z[i] = s / l[i][i];
    }
    double[] v = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < p; k++) s -= l[k][i] * v[k];
      v[i] = s / l[i][i];
    }
    return v;
  }
}
