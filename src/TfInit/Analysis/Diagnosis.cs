namespace TfInit.Analysis;

/// <summary>A verdict and why.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Reason">The rule that decided it, with the numbers it saw (one sentence).</param>
/// <param name="ForwardRate">(std_L / std_1)^(1 / (L - 1)): the forward std's average factor per layer; null for one layer or non-finite values.</param>
/// <param name="BackwardRate">(grad_std_1 / grad_std_L)^(1 / (L - 1)): the gradient's average factor per layer going down; null likewise.</param>
public sealed record Diagnosis(Verdict Verdict, string Reason, double? ForwardRate, double? BackwardRate)
{
    /// <summary>The verdict's lower-case name, as JSON and the reports write it: healthy, vanishing, exploding, saturated or dead.</summary>
    public string Name => VerdictRules.Name(Verdict);
}
