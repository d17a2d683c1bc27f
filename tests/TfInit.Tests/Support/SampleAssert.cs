namespace TfInit.Tests.Support;

/// <summary>
/// Checks a sample of N values against a <see cref="Law"/>, with tolerances derived from N:
/// <list type="bullet">
/// <item>mean: |sample mean - mean| &lt;= 5 standard errors, 5 * sigma / sqrt(N);</item>
/// <item>variance (ddof = 1): |s^2 - sigma^2| &lt;= 5 * sqrt((mu4 - sigma^4) / N), mu4 the fourth central moment
/// (5 * sigma^2 * sqrt(2 / N) for a normal, 5 * sigma^2 * sqrt(0.8 / N) for a uniform);</item>
/// <item>shape: the fraction inside mean +- 1 sigma is within 5 * sqrt(p (1 - p) / N) of its probability p;</item>
/// <item>bounds: every value inside the support (U[low, high) excludes high), and for a bounded law the
/// smallest and largest values come within d = 20 / (N * density at the bound) of the bounds: the chance
/// that no value does is about exp(-20).</item>
/// </list>
/// Five standard errors leave a false-alarm rate below 1e-6 per check; the seeds are fixed, so the tests are
/// deterministic anyway.
/// </summary>
internal static class SampleAssert
{
    public const double Sigmas = 5.0;

    public static void MatchesLaw(ReadOnlySpan<double> values, Law law, string label)
    {
        int n = values.Length;
        double mean = 0;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            Assert.True(double.IsFinite(v), $"{label}: non-finite value {v}.");
            mean += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        mean /= n;
        double squares = 0;
        int inside = 0;
        double sd = law.StandardDeviation;
        foreach (double v in values)
        {
            squares += (v - mean) * (v - mean);
            if (v >= law.Mean - sd && v <= law.Mean + sd)
            {
                inside++;
            }
        }

        double variance = squares / (n - 1);

        double meanTolerance = Sigmas * sd / Math.Sqrt(n);
        Assert.True(Math.Abs(mean - law.Mean) <= meanTolerance,
            $"{label}: mean {mean:R}, expected {law.Mean:R} +- {meanTolerance:R} (5 standard errors, N = {n}).");

        double varianceTolerance = Sigmas * Math.Sqrt((law.CentralFourthMoment - (law.Variance * law.Variance)) / n);
        Assert.True(Math.Abs(variance - law.Variance) <= varianceTolerance,
            $"{label}: variance {variance:R}, expected {law.Variance:R} +- {varianceTolerance:R} (5 standard errors, N = {n}).");

        double p = law.ProbabilityBetween(law.Mean - sd, law.Mean + sd);
        double fraction = (double)inside / n;
        double fractionTolerance = Sigmas * Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(fraction - p) <= fractionTolerance,
            $"{label}: fraction within 1 sigma {fraction:R}, expected {p:R} +- {fractionTolerance:R}.");

        if (double.IsFinite(law.Lower))
        {
            Assert.True(min >= law.Lower, $"{label}: minimum {min:R} below the lower bound {law.Lower:R}.");
            double reach = 20 / (n * law.DensityAt(law.Lower));
            Assert.True(min - law.Lower <= reach,
                $"{label}: minimum {min:R} is more than {reach:R} above the lower bound {law.Lower:R}.");
        }

        if (double.IsFinite(law.Upper))
        {
            Assert.True(law.UpperExclusive ? max < law.Upper : max <= law.Upper,
                $"{label}: maximum {max:R} not below the upper bound {law.Upper:R}{(law.UpperExclusive ? " (exclusive)" : "")}.");
            double reach = 20 / (n * law.DensityAt(law.Upper));
            Assert.True(law.Upper - max <= reach,
                $"{label}: maximum {max:R} is more than {reach:R} below the upper bound {law.Upper:R}.");
        }
    }
}
