using TfInit.Initializers;
using TfInit.PythonCode;
using TfInit.Shapes;

namespace TfInit.Serialization;

/// <summary>
/// JAX's <c>jax.nn.initializers</c> factories, with JAX's meaning of names: distribution <c>normal</c> is untruncated
/// (in Keras it is an alias of truncated_normal), <c>normal(stddev)</c> / <c>uniform(scale)</c> are N(0, stddev^2) and
/// U[0, scale), and <c>in_axis</c> / <c>out_axis</c> / <c>batch_axis</c> choose the fan axes. <c>zeros</c> and
/// <c>ones</c> are initializers themselves, used without a call.
/// </summary>
internal static class JaxForms
{
    private const string Module = "jax.nn.initializers.";
    private static readonly string[] Axes = ["in_axis=-2", "out_axis=-1", "batch_axis=()", "dtype=jnp.float_"];

    /// <summary>Adds the forms.</summary>
    public static void Register(FunctionTable table, List<PythonForm> forms)
    {
        var jax = new PythonFormBuilder(table, forms, "JAX");
        jax.Add([Module + "variance_scaling"], ["scale", "mode", "distribution", .. Axes],
            "VarianceScaling(scale, mode, distribution); JAX's normal is untruncated_normal; modes include fan_geo_avg", a =>
            {
                string distribution = a.String("distribution", "") switch
                {
                    "normal" => "untruncated_normal",
                    "truncated_normal" => "truncated_normal",
                    "uniform" => "uniform",
                    _ => throw a.Invalid("distribution", a.Value("distribution"), "'truncated_normal', 'normal' (untruncated in JAX), 'uniform'"),
                };
                return new VarianceScaling(a.RequiredDouble("scale"), a.String("mode", "") is { Length: > 0 } m ? m : throw a.Invalid("mode", a.Value("mode"), "'fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'"), distribution)
                { Axes = FanAxesOf(a) };
            });
        Preset(jax, ["glorot_uniform", "xavier_uniform"], "GlorotUniform()", (s, axes) => new GlorotUniform(s) { Axes = axes });
        Preset(jax, ["glorot_normal", "xavier_normal"], "GlorotNormal()", (s, axes) => new GlorotNormal(s) { Axes = axes });
        Preset(jax, ["he_uniform", "kaiming_uniform"], "HeUniform()", (s, axes) => new HeUniform(s) { Axes = axes });
        Preset(jax, ["he_normal", "kaiming_normal"], "HeNormal()", (s, axes) => new HeNormal(s) { Axes = axes });
        Preset(jax, ["lecun_uniform"], "LecunUniform()", (s, axes) => new LecunUniform(s) { Axes = axes });
        Preset(jax, ["lecun_normal"], "LecunNormal()", (s, axes) => new LecunNormal(s) { Axes = axes });
        jax.Add([Module + "orthogonal"], ["scale=1.0", "column_axis=-1", "dtype=jnp.float_"], "Orthogonal(gain=scale)",
            a => LastColumn(a, () => new Orthogonal(a.Double("scale", 1.0))));
        jax.Add([Module + "delta_orthogonal"], ["scale=1.0", "column_axis=-1", "dtype=jnp.float_"], "DeltaOrthogonal(scale)",
            a => LastColumn(a, () => new DeltaOrthogonal(a.Double("scale", 1.0))));
        jax.Add([Module + "normal"], ["stddev=0.01", "dtype=jnp.float_"], "RandomNormal(mean=0, stddev)", a => new RandomNormal(0.0, a.Double("stddev", 1e-2)));
        jax.Add([Module + "uniform"], ["scale=0.01", "dtype=jnp.float_"], "RandomUniform(minval=0, maxval=scale)", a => new RandomUniform(0.0, a.Double("scale", 1e-2)));
        jax.Add([Module + "truncated_normal"], ["stddev=0.01", "dtype=jnp.float_", "lower=-2.0", "upper=2.0"],
            "TruncatedNormal(0, stddev); other lower/upper: TruncNormal(0, stddev, lower * stddev, upper * stddev)", a =>
            {
                double stddev = a.Double("stddev", 1e-2);
                double lower = a.Double("lower", -2.0);
                double upper = a.Double("upper", 2.0);
                return lower == -2.0 && upper == 2.0
                    ? new TruncatedNormal(0.0, stddev)
                    : new TruncNormal(0.0, stddev, lower * stddev, upper * stddev);
            });
        jax.Add([Module + "constant"], ["value", "dtype=jnp.float_"], "Constant(value)", a => new Constant(a.RequiredDouble("value")));
        table.AddConstant(Module + "zeros", () => new Zeros());
        table.AddConstant(Module + "ones", () => new Ones());
        forms.Add(new PythonForm("jax.nn.initializers.zeros", "Zeros() (an initializer itself: no call)", "JAX"));
        forms.Add(new PythonForm("jax.nn.initializers.ones", "Ones() (an initializer itself: no call)", "JAX"));
    }

    private static void Preset(PythonFormBuilder jax, string[] names, string becomes, Func<long?, FanAxes?, Initializer> create)
    {
        foreach (string name in names)
        {
            jax.Add([Module + name], Axes, becomes, a => create(null, FanAxesOf(a)));
        }
    }

    /// <summary>Explicit fan axes when the code gives any, else null (the Keras rule, the same for rank 2 and above).</summary>
    private static FanAxes? FanAxesOf(CallArguments a)
    {
        if (!a.Has("in_axis") && !a.Has("out_axis") && !a.Has("batch_axis"))
        {
            return null;
        }

        // An integer or a tuple of axes, as JAX takes them (e.g. in_axis=(0, 1) for a conv kernel's spatial dims).
        return new FanAxes(a.Ints("in_axis") ?? [-2], a.Ints("out_axis") ?? [-1], a.Ints("batch_axis") ?? []);
    }

    private static Initializer LastColumn(CallArguments a, Func<Initializer> create) =>
        a.Long("column_axis", -1) == -1 ? create() : throw a.Invalid("column_axis", a.Value("column_axis"), "-1 (the last axis)");
}
