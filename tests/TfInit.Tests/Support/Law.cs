namespace TfInit.Tests.Support;

/// <summary>
/// The distribution a random initializer should draw from, with its moments computed here from first
/// principles (closed forms for the normal and the uniform, numerical integration of the normal density
/// for the truncated normal), never from the library under test.
/// </summary>
internal abstract record Law
{
    public abstract double Mean { get; }

    public abstract double Variance { get; }

    /// <summary>E[(X - mean)^4], needed for the standard error of the sample variance.</summary>
    public abstract double CentralFourthMoment { get; }

    /// <summary>Smallest possible value (-infinity when unbounded).</summary>
    public virtual double Lower => double.NegativeInfinity;

    /// <summary>Largest possible value (+infinity when unbounded).</summary>
    public virtual double Upper => double.PositiveInfinity;

    /// <summary>True when <see cref="Upper"/> itself can never be drawn (U[low, high)).</summary>
    public virtual bool UpperExclusive => false;

    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>P(lo &lt;= X &lt;= hi).</summary>
    public abstract double ProbabilityBetween(double lo, double hi);

    /// <summary>The density at x (used at the bounds, to size the "an extreme value comes close" check).</summary>
    public abstract double DensityAt(double x);

    public static double StandardNormalDensity(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>Composite Simpson rule with an even number of panels; the integrands here are smooth.</summary>
    public static double Integrate(Func<double, double> f, double a, double b, int panels = 4000)
    {
        double h = (b - a) / panels;
        double sum = f(a) + f(b);
        for (int i = 1; i < panels; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * f(a + (i * h));
        }

        return sum * h / 3;
    }
}

/// <summary>N(mean, std^2): variance std^2, fourth central moment 3 std^4.</summary>
internal sealed record NormalLaw(double Mu, double Sigma) : Law
{
    public override double Mean => Mu;

    public override double Variance => Sigma * Sigma;

    public override double CentralFourthMoment => 3 * Math.Pow(Sigma, 4);

    public override double ProbabilityBetween(double lo, double hi) =>
        Integrate(StandardNormalDensity, (lo - Mu) / Sigma, (hi - Mu) / Sigma);

    public override double DensityAt(double x) => StandardNormalDensity((x - Mu) / Sigma) / Sigma;
}

/// <summary>U[low, high): mean (low + high) / 2, variance w^2 / 12, fourth central moment w^4 / 80 (w = high - low).</summary>
internal sealed record UniformLaw(double Low, double High) : Law
{
    public override double Mean => (Low + High) / 2;

    public override double Variance => Math.Pow(High - Low, 2) / 12;

    public override double CentralFourthMoment => Math.Pow(High - Low, 4) / 80;

    public override double Lower => Low;

    public override double Upper => High;

    public override bool UpperExclusive => true;

    public override double ProbabilityBetween(double lo, double hi) =>
        Math.Max(0, Math.Min(hi, High) - Math.Max(lo, Low)) / (High - Low);

    public override double DensityAt(double x) => x >= Low && x <= High ? 1 / (High - Low) : 0;
}

/// <summary>
/// N(mu, sigma^2) conditioned on a &lt;= X &lt;= b (absolute cut-offs). Moments are integrals of the normal
/// density over the standardized interval [(a - mu) / sigma, (b - mu) / sigma].
/// </summary>
internal sealed record TruncatedNormalLaw : Law
{
    private readonly double _alpha;
    private readonly double _beta;
    private readonly double _mass;
    private readonly double _m1;

    public TruncatedNormalLaw(double mu, double sigma, double a, double b)
    {
        Mu = mu;
        Sigma = sigma;
        A = a;
        B = b;
        _alpha = (a - mu) / sigma;
        _beta = (b - mu) / sigma;
        _mass = Integrate(StandardNormalDensity, _alpha, _beta);
        _m1 = Integrate(z => z * StandardNormalDensity(z), _alpha, _beta) / _mass;
        double m1 = _m1;
        StandardizedVariance = Integrate(z => (z - m1) * (z - m1) * StandardNormalDensity(z), _alpha, _beta) / _mass;
        StandardizedFourth = Integrate(z => Math.Pow(z - m1, 4) * StandardNormalDensity(z), _alpha, _beta) / _mass;
    }

    public double Mu { get; }

    public double Sigma { get; }

    public double A { get; }

    public double B { get; }

    public double StandardizedVariance { get; }

    public double StandardizedFourth { get; }

    public override double Mean => Mu + (Sigma * _m1);

    public override double Variance => Sigma * Sigma * StandardizedVariance;

    public override double CentralFourthMoment => Math.Pow(Sigma, 4) * StandardizedFourth;

    public override double Lower => A;

    public override double Upper => B;

    public override double ProbabilityBetween(double lo, double hi)
    {
        double from = Math.Max((lo - Mu) / Sigma, _alpha);
        double to = Math.Min((hi - Mu) / Sigma, _beta);
        return to <= from ? 0 : Integrate(StandardNormalDensity, from, to) / _mass;
    }

    public override double DensityAt(double x) =>
        x < A || x > B ? 0 : StandardNormalDensity((x - Mu) / Sigma) / (Sigma * _mass);
}
