using TfInit.Initializers;
using TfInit.PythonCode;

namespace TfInit.Serialization;

/// <summary>
/// Keras 3 / tf.keras initializers written as Python: <c>keras.initializers.HeNormal(seed=42)</c>, the snake_case
/// names (<c>keras.initializers.he_normal()</c>), and the <c>initializers.</c>, <c>tf.keras.initializers.</c>,
/// <c>tf.initializers.</c> and <c>tf.compat.v1.keras.initializers.</c> prefixes. Positional arguments follow Keras's
/// constructors (config keys in order, seed last); the class reads the arguments as its config, as from JSON.
/// </summary>
internal static class KerasForms
{
    private const string Module = "keras.initializers.";

    /// <summary>Adds the forms of every registered class whose module is keras.initializers.</summary>
    public static void Register(FunctionTable table, List<PythonForm> forms)
    {
        var keras = new PythonFormBuilder(table, forms, "Keras 3 / tf.keras");
        // NumPySnippet is skipped before its Module is read: describing it parses code with the table being built here.
        foreach (var type in InitializerType.All.Where(t => t.Type != typeof(NumPySnippet) && t.Module == "keras.initializers"))
        {
            // Keras's constructors take the config's keys in order with the seed after them (RandomNormal(mean, stddev, seed)),
            // and Keras 3.15's input_axes and output_axes after the seed (VarianceScaling(scale, mode, distribution, seed,
            // input_axes, output_axes), HeNormal(seed, input_axes, output_axes)).
            string[] axes = ["input_axes", "output_axes"];
            var keys = type.ConstructorOrder.Count > 0 ? type.ConstructorOrder : type.Defaults.Keys;
            string[] parameters = keys.Where(k => k != "seed" && !axes.Contains(k))
                .Select(k => $"{k}={CallArguments.Describe(type.Defaults[k])}")
                .Concat(type.Defaults.ContainsKey("seed") ? ["seed=None"] : [])
                .Concat(axes.Where(type.Defaults.ContainsKey).Select(a => $"{a}=None"))
                .ToArray();
            string[] names = type.Aliases.Prepend(type.ClassName).Select(n => Module + n).ToArray();
            keras.Add(names, parameters, $"{type.ClassName}({string.Join(", ", parameters.Select(p => p.Split('=')[0]))})", a => Create(type, a));
        }

        foreach (string prefix in new[] { "tensorflow.keras.initializers.", "tensorflow.initializers.", "tensorflow.compat.v1.keras.initializers." })
        {
            table.AddPrefix(prefix, Module);
        }
    }

    private static Initializer Create(InitializerType type, CallArguments args)
    {
        var config = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string parameter in args.Parameters.Where(args.Has))
        {
            config[parameter] = args.Value(parameter) switch
            {
                null or bool or long or double or string => args.Value(parameter),
                PySequence s when s.Items.All(i => i is long l && l is >= int.MinValue and <= int.MaxValue) => s.Items.Select(i => (int)(long)i!).ToArray(),
                PySequence or NdArray => PythonArrays.ToArrayValue(args, parameter),
                var other => throw args.Invalid(parameter, other, "a number, a string, True/False, None, a tuple of integers, a list of numbers or a numpy array"),
            };
        }

        return type.FromConfig(config);
    }
}
