namespace TfInit.Analysis;

/// <summary>
/// What <see cref="VerdictRules"/> reads from one layer, whatever engine computed it: the forward statistics of the
/// layer's output H and the backward statistics of dLoss/dH and dLoss/dW.
/// </summary>
/// <param name="Std">Population std of the layer's output over every element.</param>
/// <param name="SaturatedFraction">Fraction of outputs within 1% of a bound of a bounded activation (0 for unbounded ones).</param>
/// <param name="ZeroFraction">Fraction of outputs exactly 0.</param>
/// <param name="GradStd">Population std of dLoss/dH over every element: the signal arriving at the layer's output.</param>
/// <param name="WeightGradStd">Population std of dLoss/dW for the layer's kernel.</param>
/// <param name="WeightGradNorm">Frobenius norm of dLoss/dW.</param>
public readonly record struct LayerSignal(
    double Std, double SaturatedFraction, double ZeroFraction, double GradStd, double WeightGradStd, double WeightGradNorm)
{
    /// <summary>Whether every statistic is a finite number.</summary>
    public bool IsFinite =>
        double.IsFinite(Std) && double.IsFinite(SaturatedFraction) && double.IsFinite(ZeroFraction)
        && double.IsFinite(GradStd) && double.IsFinite(WeightGradStd) && double.IsFinite(WeightGradNorm);
}
