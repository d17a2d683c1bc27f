using TfInit.Initializers;
using TfInit.PythonCode;

namespace TfInit.Serialization;

/// <summary>
/// TensorFlow 1.x initializers with TF 1.15's defaults and checks (<c>tensorflow/python/ops/init_ops.py</c> and
/// <c>tensorflow/contrib/layers/python/layers/initializers.py</c>), also under <c>tf.compat.v1.</c> and
/// <c>tf.compat.v1.initializers.</c>. TF 1.x defaults differ from Keras's: random_normal and truncated_normal have
/// stddev 1.0, random_uniform is U[0, 1).
/// </summary>
internal static class Tf1Forms
{
    private const string DType = "dtype=tf.float32";

    /// <summary>Adds the forms.</summary>
    public static void Register(FunctionTable table, List<PythonForm> forms)
    {
        var tf = new PythonFormBuilder(table, forms, "TF 1.x");
        tf.Add(Names("zeros_initializer", "zeros"), [DType], "Zeros()", a => Float(a, new Zeros()));
        tf.Add(Names("ones_initializer", "ones"), [DType], "Ones()", a => Float(a, new Ones()));
        tf.Add(Names("constant_initializer", "constant"), ["value=0", DType, "verify_shape=False"],
            "Constant(value) for a number; ConstantInitializer (value row-major, padded with its last element) for a list or array, or with verify_shape", a =>
            {
                bool verify = a.Bool("verify_shape", false);
                object? value = a.Value("value", 0L);
                if (value is PySequence or NdArray)
                {
                    return Float(a, new ConstantInitializer(PythonArrays.ToArrayValue(a, "value"), verify));
                }

                return Float(a, verify ? new ConstantInitializer(a.Double("value", 0.0), verifyShape: true) : new Constant(a.Double("value", 0.0)));
            });
        tf.Add(Names("random_normal_initializer", "random_normal"), ["mean=0.0", "stddev=1.0", "seed=None", DType], "RandomNormal(mean, stddev)",
            a => Float(a, new RandomNormal(a.Double("mean", 0.0), a.Double("stddev", 1.0), a.Seed())));
        tf.Add(Names("truncated_normal_initializer", "truncated_normal"), ["mean=0.0", "stddev=1.0", "seed=None", DType], "TruncatedNormal(mean, stddev): cut at 2 stddev, no variance correction",
            a => Float(a, new TruncatedNormal(a.Double("mean", 0.0), a.Double("stddev", 1.0), a.Seed())));
        tf.Add(Names("random_uniform_initializer", "random_uniform"), ["minval=0", "maxval=None", "seed=None", DType], "RandomUniform(minval, maxval); maxval None is 1.0",
            a => Float(a, new RandomUniform(a.Double("minval", 0.0), a.OptionalDouble("maxval", null) ?? 1.0, a.Seed())));
        tf.Add(Names("uniform_unit_scaling_initializer", "uniform_unit_scaling"), ["factor=1.0", "seed=None", DType], "UniformUnitScaling(factor)",
            a => Float(a, new UniformUnitScaling(a.Double("factor", 1.0), a.Seed())));
        tf.Add(Names("orthogonal_initializer", "orthogonal"), ["gain=1.0", "seed=None", DType], "Orthogonal(gain)",
            a => Float(a, new Orthogonal(a.Double("gain", 1.0), a.Seed())));
        tf.Add(Names("glorot_uniform_initializer", "glorot_uniform"), ["seed=None", DType], "GlorotUniform()", a => Float(a, new GlorotUniform(a.Seed())));
        tf.Add(Names("glorot_normal_initializer", "glorot_normal"), ["seed=None", DType], "GlorotNormal()", a => Float(a, new GlorotNormal(a.Seed())));
        tf.Add(Names("variance_scaling_initializer", "variance_scaling"), ["scale=1.0", "mode='fan_in'", "distribution='truncated_normal'", "seed=None", DType],
            "VarianceScaling(scale, mode, distribution); modes fan_in, fan_out, fan_avg; normal means truncated_normal", a =>
            {
                string mode = a.String("mode", "fan_in");
                if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
                {
                    throw a.Invalid("mode", mode, "'fan_in', 'fan_out', 'fan_avg' (TF 1.15)");
                }

                return Float(a, new VarianceScaling(a.Double("scale", 1.0), mode, a.String("distribution", "truncated_normal"), a.Seed()));
            });

        var contrib = new PythonFormBuilder(table, forms, "TF 1.x contrib");
        contrib.Add(["tensorflow.contrib.layers.xavier_initializer"], ["uniform=True", "seed=None", DType], "XavierInitializer(uniform)",
            a => Float(a, new XavierInitializer(a.Bool("uniform", true), a.Seed())));
        contrib.Add(["tensorflow.contrib.layers.xavier_initializer_conv2d"], ["uniform=True", "seed=None", DType], "XavierInitializer(uniform)",
            a => Float(a, new XavierInitializer(a.Bool("uniform", true), a.Seed())));
        contrib.Add(["tensorflow.contrib.layers.variance_scaling_initializer"], ["factor=2.0", "mode='FAN_IN'", "uniform=False", "seed=None", DType],
            "ContribVarianceScaling(factor, mode, uniform)",
            a => Float(a, new ContribVarianceScaling(a.Double("factor", 2.0), a.String("mode", "FAN_IN"), a.Bool("uniform", false), a.Seed())));
    }

    private static string[] Names(string function, string initializersName) =>
        [$"tensorflow.{function}", $"tensorflow.compat.v1.initializers.{initializersName}"];

    private static Initializer Float(CallArguments args, Initializer initializer)
    {
        args.FloatDType();
        return initializer;
    }
}
