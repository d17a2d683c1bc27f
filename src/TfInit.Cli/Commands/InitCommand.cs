using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TfInit.Initializers;
using TfInit.Analysis;
using TfInit.IO;
using TfInit.NumPy;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit init NAME_OR_JSON --shape 64,32 [--seed N] [--rng philox|numpy] [--dtype float32|float64]
/// [--layout keras|torch] [--format npy|json|stats] [-o FILE]</c>.
/// </summary>
internal static class InitCommand
{
    public const string Usage =
        "tfinit init NAME_OR_JSON --shape 64,32 [--seed N] [--rng philox|numpy] [--dtype float32|float64] [--layout keras|torch] [--format npy|json|stats] [-o FILE]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.Parse("init", args,
            ["--shape", "--seed", "--rng", "--dtype", "--layout", "--format", "--output"], [],
            new Dictionary<string, string> { ["-o"] = "--output" });
        if (parsed.Positionals.Count != 1)
        {
            throw new UsageException($"init: give exactly one initializer name or Keras JSON. Usage: {Usage}");
        }

        string shapeText = parsed.Value("--shape") ?? throw new UsageException($"init: --shape is required, e.g. --shape 64,32. Usage: {Usage}");
        int[] shape = Shape.Parse(shapeText, "--shape");
        string rng = parsed.Choice("--rng", "philox", "philox", "numpy");
        string dtype = parsed.Choice("--dtype", "float32", "float32", "float64");
        // Absent --layout keeps the initializer's own layout (a PyTorch expression such as nn.init.kaiming_normal_(w) implies torch).
        FanLayout? layoutOption = parsed.Value("--layout") is null ? null
            : parsed.Choice("--layout", "keras", "keras", "torch") == "torch" ? FanLayout.Torch : FanLayout.Keras;
        string? path = parsed.Value("--output");
        string format = parsed.Choice("--format", path is null ? "json" : "npy", "npy", "json", "stats");
        if (format == "npy" && path is null)
        {
            throw new UsageException("init: --format npy writes a file; give it with -o FILE.");
        }

        long? seed = parsed.Long("--seed");
        var initializer = Configure(KerasJson.Deserialize(parsed.Positionals[0]), seed, layoutOption);
        var layout = layoutOption ?? LayoutOf(initializer);
        WarnAboutUnusedOptions(error, initializer, seed is not null || parsed.Value("--rng") is not null, parsed.Value("--layout") is not null);
        RandomStream? stream = rng == "numpy" && initializer is RandomInitializer random
            ? new NumPyRandomState(random.EffectiveSeed)
            : null;

        double[] values = new double[Shape.ElementCount(shape)];
        if (dtype == "float32")
        {
            var singles = new float[values.Length];
            initializer.Fill(singles, shape, stream);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = singles[i];
            }
        }
        else
        {
            initializer.Fill(values, shape, stream);
        }

        switch (format)
        {
            case "npy" when dtype == "float32":
                NpyFile.Write(path!, values.Select(v => (float)v).ToArray(), shape);
                break;
            case "npy":
                NpyFile.Write(path!, values, shape);
                break;
            default:
                string json = format == "json" ? ValuesJson(initializer, shape, dtype, values) : StatsJson(values, shape, layout);
                if (path is null)
                {
                    output.WriteLine(json);
                }
                else
                {
                    AtomicFile.WriteAllText(path, json + "\n");
                }

                break;
        }

        return 0;
    }

    /// <summary>
    /// A warning on stderr, not an error, for options the initializer has no use for: a script that loops over every
    /// name with the same --seed should run, but its author should know the seed changed nothing.
    /// </summary>
    private static void WarnAboutUnusedOptions(TextWriter error, Initializer initializer, bool randomOptions, bool layoutOption)
    {
        if (randomOptions && initializer is not RandomInitializer)
        {
            error.WriteLine($"tfinit: warning: --seed and --rng have no effect on {initializer.ClassName}: it draws no random numbers.");
        }

        if (layoutOption && !TakesLayout(initializer))
        {
            error.WriteLine($"tfinit: warning: --layout has no effect on {initializer.ClassName}: it reads no fans.");
        }
    }

    private static bool TakesLayout(Initializer initializer) => initializer is VarianceScaling or Sparse or Dirac;

    private static FanLayout LayoutOf(Initializer initializer) => initializer switch
    {
        VarianceScaling v => v.Layout,
        Sparse s => s.Layout,
        Dirac d => d.Layout,
        _ => FanLayout.Keras,
    };

    /// <summary>Applies --seed and --layout (null when not given) by rewriting the config, so the printed JSON is what ran.</summary>
    internal static Initializer Configure(Initializer initializer, long? seed, FanLayout? layoutOption)
    {
        bool takesLayout = TakesLayout(initializer);
        if (seed is null && (layoutOption is null || !takesLayout))
        {
            return initializer;
        }

        var node = JsonNode.Parse(KerasJson.Serialize(initializer))!;
        var config = node["config"]!.AsObject();
        if (seed is not null && initializer is RandomInitializer)
        {
            config["seed"] = seed;
        }

        if (takesLayout && layoutOption is { } layout)
        {
            config["layout"] = layout == FanLayout.Torch ? "torch" : "keras";
            if (layout == FanLayout.Keras)
            {
                config.Remove("layout");
            }
        }

        return KerasJson.Deserialize(node.ToJsonString());
    }

    private static string ValuesJson(Initializer initializer, int[] shape, string dtype, double[] values)
    {
        return JsonText.Object(false, writer =>
        {
        writer.WritePropertyName("initializer");
        KerasJson.Write(writer, initializer);
        WriteShape(writer, shape);
        writer.WriteString("dtype", dtype);
        writer.WriteStartArray("values");
        foreach (double v in values)
        {
            if (dtype == "float32")
            {
                writer.WriteNumberValue((float)v);
            }
            else
            {
                writer.WriteNumberValue(v);
            }
        }

        writer.WriteEndArray();
        });
    }

    private static string StatsJson(double[] values, int[] shape, FanLayout layout)
    {
        var stats = Statistics.Of(values);
        Fans? fans = layout == FanLayout.Torch && shape.Length < 2 ? null : Fans.Compute(shape, layout);
        return JsonText.Object(false, writer =>
        {
        writer.WriteNumber("mean", stats.Mean);
        writer.WriteNumber("std", stats.Std);
        writer.WriteNumber("min", stats.Min);
        writer.WriteNumber("max", stats.Max);
        WriteFan(writer, "fan_in", fans?.FanIn);
        WriteFan(writer, "fan_out", fans?.FanOut);
        WriteShape(writer, shape);
        });
    }

    private static void WriteFan(Utf8JsonWriter writer, string name, long? fan)
    {
        if (fan is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, fan.Value);
        }
    }

    private static void WriteShape(Utf8JsonWriter writer, int[] shape)
    {
        writer.WriteStartArray("shape");
        foreach (int d in shape)
        {
            writer.WriteNumberValue(d);
        }

        writer.WriteEndArray();
    }
}
