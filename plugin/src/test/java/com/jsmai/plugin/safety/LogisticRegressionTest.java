package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  /** Two clouds: label 1 around (+2, +1), label 0 around (-2, -1); separable by x0 + x1 = 0. */
  private static final class Clouds {
    final double[][] x;
    final int[] y;

    Clouds(int n, long seed) {
      Random r = new Random(seed);
      x = new double[n][];
      y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = i % 2;
        double s = y[i] == 1 ? 1 : -1;
        x[i] = new double[] {2 * s + 0.5 * r.nextGaussian(), s + 0.5 * r.nextGaussian()};
      }
    }
  }

  @Test
  void train_separableToyProblem_classifiesEveryRowCorrectly() {
    Clouds d = new Clouds(200, 1);

    LogisticRegression.Model m =
        LogisticRegression.train(d.x, d.y, LogisticRegression.balancedWeights(d.y), 1.0);

    for (int i = 0; i < d.x.length; i++) {
      assertThat(m.probability(d.x[i]) >= 0.5).as("row %d", i).isEqualTo(d.y[i] == 1);
    }
    assertThat(m.weights()[0]).isPositive();
    assertThat(m.weights()[1]).isPositive();
  }

  @Test
  void train_anyData_objectiveNeverIncreasesAndEndsFarBelowTheStart() {
    Clouds d = new Clouds(100, 2);

    LogisticRegression.Model m =
        LogisticRegression.train(d.x, d.y, LogisticRegression.balancedWeights(d.y), 10.0);

    double[] losses = m.losses();
    assertThat(losses).hasSize(m.iterations() + 1);
    for (int k = 1; k < losses.length; k++) {
      assertThat(losses[k]).as("step %d", k).isLessThanOrEqualTo(losses[k - 1]);
    }
    // At zero weights every row costs log 2; a separable problem is fitted far better.
    assertThat(losses[0]).isCloseTo(100 * Math.log(2), within(1e-9));
    assertThat(losses[losses.length - 1]).isLessThan(losses[0] / 5);
  }

  @Test
  void train_sameDataTwice_identicalWeights() {
    Clouds d = new Clouds(120, 3);
    double[] s = LogisticRegression.balancedWeights(d.y);

    LogisticRegression.Model a = LogisticRegression.train(d.x, d.y, s, 0.5);
    LogisticRegression.Model b = LogisticRegression.train(d.x, d.y, s, 0.5);

    assertThat(b.weights()).containsExactly(a.weights());
    assertThat(b.bias()).isEqualTo(a.bias());
  }

  @Test
  void train_strongerRegularisation_smallerWeights() {
    Clouds d = new Clouds(120, 4);
    double[] s = LogisticRegression.balancedWeights(d.y);

    LogisticRegression.Model loose = LogisticRegression.train(d.x, d.y, s, 100);
    LogisticRegression.Model tight = LogisticRegression.train(d.x, d.y, s, 0.001);

    assertThat(Math.abs(tight.weights()[0])).isLessThan(Math.abs(loose.weights()[0]));
  }

  @Test
  void train_atOptimum_gradientIsZero() {
    // A noisy, non-separable problem has an interior optimum: check the stationarity condition.
    Random r = new Random(5);
    int n = 300;
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      y[i] = r.nextDouble() < LogisticRegression.sigmoid(1.5 * x[i][0] - 0.5) ? 1 : 0;
    }
    double[] s = LogisticRegression.balancedWeights(y);
    double c = 2.0;

    LogisticRegression.Model m = LogisticRegression.train(x, y, s, c);

    double[] grad = new double[3];
    for (int i = 0; i < n; i++) {
      double g = s[i] * (m.probability(x[i]) - y[i]);
      grad[0] += g * x[i][0];
      grad[1] += g * x[i][1];
      grad[2] += g;
    }
    grad[0] += m.weights()[0] / c;
    grad[1] += m.weights()[1] / c;
    assertThat(grad).containsExactly(new double[] {0, 0, 0}, within(1e-6));
  }

  @Test
  void balancedWeights_fewPositives_bothClassesSumToHalf() {
    int[] y = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    double[] s = LogisticRegression.balancedWeights(y);

    assertThat(s[0]).isCloseTo(5.0, within(1e-12));
    assertThat(s[1]).isCloseTo(10.0 / 18, within(1e-12));
  }

  @Test
  void train_badInput_clearErrors() {
    double[][] x = {{1}, {2}};
    assertThatThrownBy(() -> LogisticRegression.balancedWeights(new int[] {0, 0}))
        .hasMessageContaining("both classes");
    assertThatThrownBy(() -> LogisticRegression.train(x, new int[] {0, 1}, new double[] {1, 1}, 0))
        .hasMessageContaining("C must be > 0: 0");
    assertThatThrownBy(() -> LogisticRegression.train(x, new int[] {0, 2}, new double[] {1, 1}, 1))
        .hasMessageContaining("label 2");
    assertThatThrownBy(() -> LogisticRegression.train(x, new int[] {0}, new double[] {1, 1}, 1))
        .hasMessageContaining("y 1");
  }
}
