using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Analysis;
using TfInit.Cli.CommandLine;
using TfInit.IO;
using TfInit.NumPy;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit init NAME_OR_JSON --shape 64,32</c>: one tensor filled by an initializer, printed as JSON or statistics, or
/// written as a .npy file.
/// </summary>
internal sealed class InitCommand : Command
{
    private readonly Argument<string[]> _initializer = new("NAME_OR_JSON")
    {
        Description = "An initializer alias (he_normal), Keras JSON ({\"class_name\": ..., \"config\": {...}}) or Python code (tf.truncated_normal_initializer(stddev=0.1), numpy lines that assign W; see tfinit list).",
        HelpName = "NAME_OR_JSON",
        Arity = ArgumentArity.ZeroOrMore,
        CompletionSources = { _ => InitializerRegistry.ClassNames.SelectMany(InitializerRegistry.AliasesOf).Select(a => new CompletionItem(a)) },
    };

    private readonly Option<string?> _shape = CliOptions.Text("--shape", "64,32", "The tensor's dimensions, comma-separated (Keras layout: [..spatial, in, out]).");


    private readonly Option<long?> _seed = CliOptions.Seed("The seed [default: the config's seed, else random like Keras].");

    private readonly Option<string> _rng = CliOptions.Choice("--rng", "The random stream: TfInit's Philox, or numpy's legacy RandomState.", "philox", "philox", "numpy");

    private readonly Option<string> _dtype = CliOptions.Choice("--dtype", "The element type of the values.", "float32", "float32", "float64");

    private readonly Option<string> _layout = CliOptions.Choice("--layout", "Where fans are read: keras [..spatial, in, out] or torch [out, in, ..spatial].", "keras", "keras", "torch");

    private readonly Option<string> _format = CliOptions.Choice("--format",
        "What to produce: a .npy file, {\"initializer\", \"shape\", \"dtype\", \"values\"}, or {\"mean\", \"std\", \"min\", \"max\", \"fan_in\", \"fan_out\", \"shape\"} [default: npy with -o, else json].",
        null, "npy", "json", "stats");

    private readonly Option<string?> _output = CliOptions.Path("--output", "FILE",
        "Write to FILE instead of standard output: a regular file is replaced atomically (a symbolic link is followed), a device or FIFO is written straight to, '-' is standard output.", "-o");

    public InitCommand()
        : base("init", "Fill one tensor with an initializer and print it, its statistics, or write a .npy file.")
    {
        Arguments.Add(_initializer);
        foreach (var option in new Option[] { _shape, _seed, _rng, _dtype, _layout, _format, _output })
        {
            Options.Add(option);
        }

        _shape.Required = true;
        Validators.Add(result =>
        {
            // The positional takes any token the parser does not know, so a mistyped option arrives here.
            string[] given = result.GetValue(_initializer) ?? [];
            if (given.FirstOrDefault(ParseErrors.LooksLikeOption) is { } typo)
            {
                result.AddError(ParseErrors.UnknownOption(this, typo));
            }
            else if (given.Length != 1)
            {
                result.AddError("give exactly one initializer name or Keras JSON.");
            }
        });
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        int[] shape = Shape.Parse(parsed.GetValue(_shape)!, "--shape");
        string dtype = parsed.GetValue(_dtype)!;
        // Without --layout the initializer keeps its own layout: a PyTorch expression such as nn.init.kaiming_normal_(w) reads torch's.
        FanLayout? layoutOption = !parsed.WasGiven(_layout) ? null : parsed.GetValue(_layout) == "torch" ? FanLayout.Torch : FanLayout.Keras;
        // '-' is standard output; /dev/stdout is a device or FIFO (or a symbolic link to the file it was redirected to).
        string? path = parsed.GetValue(_output) is "-" ? "/dev/stdout" : parsed.GetValue(_output);
        string format = parsed.GetValue(_format) ?? (path is null ? "json" : "npy");
        if (format == "npy" && path is null)
        {
            throw new UsageException("init: --format npy writes a file; give it with -o FILE.");
        }

        long? seed = parsed.GetValue(_seed);
        var initializer = Configure(InitializerArgument.Parse(parsed.GetValue(_initializer)![0], "NAME_OR_JSON"), seed, layoutOption);
        var layout = layoutOption ?? (initializer.GetConfig().TryGetValue("layout", out object? own) && own is "torch" ? FanLayout.Torch : FanLayout.Keras);
        WarnAboutUnusedOptions(error, initializer, parsed.WasGiven(_seed) || parsed.WasGiven(_rng), parsed.WasGiven(_layout));
        RandomStream? stream = parsed.GetValue(_rng) == "numpy" && initializer is RandomInitializer random
            ? new NumPyRandomState(random.EffectiveSeed)
            : null;

        CheckMemory(shape, dtype, format);
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

    /// <summary>The values are held as float64 (plus a float32 copy), and JSON text takes up to ~100 bytes per value.</summary>
    private static void CheckMemory(int[] shape, string dtype, string format)
    {
        double count = shape.Aggregate(1.0, (n, d) => n * d);
        string what = $"init --shape {string.Join(',', shape)}";
        MemoryBudget.CheckArray(count, what);
        double perValue = 8 + (dtype == "float32" ? 8 : 0) + format switch { "json" => 100, _ => 0 };
        MemoryBudget.Check(count * perValue, what);
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

    private static bool TakesLayout(Initializer initializer) => InitializerType.Of(initializer).ConfigKeys.Contains("layout");

    /// <summary>Applies --seed and --layout (null when not given) through the config (Keras's clone with changes), so the printed JSON is what ran.</summary>
    internal static Initializer Configure(Initializer initializer, long? seed, FanLayout? layoutOption)
    {
        bool takesLayout = TakesLayout(initializer);
        if (seed is null && (layoutOption is null || !takesLayout))
        {
            return initializer;
        }

        var changes = new Dictionary<string, object?>();
        if (seed is not null && initializer is RandomInitializer)
        {
            changes["seed"] = seed;
        }

        if (takesLayout && layoutOption is { } layout)
        {
            changes["layout"] = layout == FanLayout.Torch ? "torch" : "keras";
        }

        return initializer.WithConfig(changes);
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
        JsonText.Number(writer, "mean", stats.Mean);
        JsonText.Number(writer, "std", stats.Std);
        JsonText.Number(writer, "min", stats.Min);
        JsonText.Number(writer, "max", stats.Max);
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
