namespace TfInit.Numerics;

/// <summary>
/// The standard normal distribution's density and distribution function in double precision, for the exact
/// (erf-form) GELU and for expectations over z ~ N(0, 1). .NET has no erf of its own.
/// </summary>
internal static class NormalDistribution
{
    private static readonly double InvSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);
    private static readonly double InvSqrtPi = 1 / Math.Sqrt(Math.PI);

    // Below this |x| the power series of erf (all its terms are positive, so it loses no digits to cancellation;
    // erfc >= 0.157 there, so 1 - erf keeps full relative precision); above it the continued fraction of erfc, which
    // needs at most about 190 terms from x = 1 on.
    private const double SeriesLimit = 1.0;

    /// <summary>phi(z) = exp(-z^2 / 2) / sqrt(2 pi).</summary>
    public static double Density(double z) => InvSqrtTwoPi * Math.Exp(-0.5 * z * z);

    /// <summary>Phi(x) = P(Z &lt;= x) = erfc(-x / sqrt(2)) / 2, with full relative precision in the lower tail.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>erfc(x) = 1 - erf(x), with full relative precision for large positive x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (Math.Abs(x) < SeriesLimit)
        {
            return 1 - ErfSeries(x);
        }

        return x > 0 ? ErfcContinuedFraction(x) : 2 - ErfcContinuedFraction(-x);
    }

    // erf(x) = 2/sqrt(pi) * x * exp(-x^2) * sum_n (2x^2)^n / (1 * 3 * ... * (2n + 1))  (Abramowitz and Stegun 7.1.6).
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double term = 1;
        double sum = 1;
        for (int n = 0; n < 200 && term > 1e-17 * sum; n++)
        {
            term *= 2 * x2 / (2 * n + 3);
            sum += term;
        }

        return TwoOverSqrtPi * x * Math.Exp(-x2) * sum;
    }

    // erfc(x) = exp(-x^2) / sqrt(pi) * 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...)))))  (A&S 7.1.14),
    // evaluated by the modified Lentz method for x >= SeriesLimit.
    private static double ErfcContinuedFraction(double x)
    {
        const double Tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = 0.5 * k;
            d = x + a * d;
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = x + a / c;
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return InvSqrtPi * Math.Exp(-x * x) / f;
    }
}
