using System.Runtime.InteropServices;
using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Analysis;
using TfInit.Cli.CommandLine;
using TfInit.IO;
using TfInit.NumPy;
using TfInit.Numerics;
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

    private readonly Option<string> _dtype = CliOptions.Choice("--dtype",
        "The element type of the values; float16 rounds the float64 values once, bfloat16 the float32 values, to nearest even (.npy: float16 is '<f2'; bfloat16, which numpy lacks, is written as its raw bits, '<u2').",
        "float32", InitDtype.Names);

    private readonly Option<string> _layout = CliOptions.Choice("--layout", "Where fans are read: keras [..spatial, in, out] or torch [out, in, ..spatial].", "keras", "keras", "torch");

    private readonly Option<string> _format = CliOptions.Choice("--format",
        "What to produce: a .npy file, {\"initializer\", \"shape\", \"dtype\", \"values\"}, or {\"mean\", \"std\", \"min\", \"max\", \"fan_in\", \"fan_out\", \"shape\"} [default: npy with -o, else json].",
        null, "npy", "json", "stats");

    private readonly Option<string?> _output = CliOptions.Path("--output", "FILE",
        "Write to FILE instead of standard output: a regular file is replaced atomically (a symbolic link is followed), a device or FIFO is written straight to, '-' is standard output.", "-o");

    private readonly Option<string?> _block = CliOptions.Text("--block", "OFFSETS:SIZES",
        "Write only this block of the tensor: per-axis offsets, a colon, per-axis sizes (e.g. 0,0:64016,16384). Its values equal the same block of the whole fill.");

    private readonly Option<string?> _shard = CliOptions.Text("--shard", "K/N",
        "Write only the K-th (from 0) of N row ranges along axis 0, TensorFlow's axis-0 partitioning (the first dim0 % N shards get one row more).");

    public InitCommand()
        : base("init", "Fill one tensor with an initializer and print it, its statistics, or write a .npy file.")
    {
        Arguments.Add(_initializer);
        foreach (var option in new Option[] { _shape, _seed, _rng, _dtype, _layout, _format, _output, _block, _shard })
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
        int[] shape = Shape.Parse(parsed.GetValue(_shape)!, "--shape", fitsOneSpan: false);
        var part = TensorPart.From(parsed.GetValue(_block), parsed.GetValue(_shard), shape);
        var dtype = InitDtype.Of(parsed.GetValue(_dtype)!);
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

        if (part is not null && stream is not null)
        {
            throw new UsageException("init: --block and --shard draw from the Philox stream; --rng numpy is one sequential stream and has no parts.");
        }

        void Warn(string message) => error.WriteLine($"tfinit: warning: {message}");
        TfInit.Diagnostics.Warnings.Issued += Warn;
        try
        {
            // An element-wise fill on the Philox stream is made chunk by chunk for npy and stats: memory stays at one
            // chunk, so the tensor may be larger than memory or than int.MaxValue elements. Everything else (json, the
            // NumPy stream, initializers whose values depend on the whole tensor) is filled in memory, within the span
            // limit and the memory budget.
            long count = Shape.LongElementCount(part?.Size ?? shape, "--shape");
            if (stream is null && initializer.FillsPartsAlone && count > 0 && (format == "stats" || (format == "npy" && BitConverter.IsLittleEndian)))
            {
                var fill = new ChunkedFill(initializer, shape, part);
                if (format == "stats")
                {
                    string stats = StatsJson(StreamedStatistics(fill, dtype), shape, part, initializer, layoutOption);
                    WriteText(output, path, stats);
                }
                else
                {
                    WarnAboutBFloat16Npy(error, dtype);
                    WriteNpyInChunks(path!, fill, part?.Size ?? shape, dtype);
                }

                return 0;
            }

            return FillInMemory(parsed, initializer, shape, part, dtype, format, path, stream, layoutOption);
        }
        finally
        {
            TfInit.Diagnostics.Warnings.Issued -= Warn;
        }
    }

    private static int FillInMemory(ParseResult parsed, Initializer initializer, int[] shape, TensorPart? part, InitDtype dtype, string format, string? path, RandomStream? stream, FanLayout? layoutOption)
    {
        if (part is null)
        {
            Shape.ElementCount(shape, "--shape");
        }

        int[] valuesShape = part?.Size ?? shape;
        CheckMemory(valuesShape, dtype, format);
        int count = Shape.ElementCount(valuesShape, part is null ? "--shape" : "--block");
        double[] values = dtype.Fill(initializer, shape, stream, part, count);
        switch (format)
        {
            case "npy":
                WarnAboutBFloat16Npy(parsed.InvocationConfiguration.Error, dtype);
                dtype.WriteNpy(path!, values, valuesShape);
                break;
            default:
                // An empty tensor (a zero dimension) has no mean, std, min or max: they are null, the fans are still reported.
                string json = format == "json" ? ValuesJson(initializer, shape, part, dtype, values)
                    : StatsJson(values.Length == 0 ? null : Statistics.Of(values), shape, part, initializer, layoutOption);
                WriteText(parsed.InvocationConfiguration.Output, path, json);
                break;
        }

        return 0;
    }

    private static void WriteText(TextWriter output, string? path, string json)
    {
        if (path is null)
        {
            output.WriteLine(json);
        }
        else
        {
            AtomicFile.WriteAllText(path, json + "\n");
        }
    }

    /// <summary>
    /// Statistics.Of of the values, bit for bit, without holding them: one pass over the chunks as they are filled.
    /// float32 and float64 chunks go to the builder as they are; float16 and bfloat16 are widened to float32 first
    /// (exact, as widening them to double is).
    /// </summary>
    private static Statistics StreamedStatistics(ChunkedFill fill, InitDtype dtype)
    {
        var builder = new StatisticsBuilder();
        float[]? wide = null;
        switch (dtype.Name)
        {
            case "float64":
                fill.ForEach<double>(builder.Add);
                break;
            case "float32":
                fill.ForEach<float>(builder.Add);
                break;
            case "float16":
                fill.ForEach<Half>(chunk =>
                {
                    wide ??= new float[chunk.Length];
                    System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(chunk, wide);
                    builder.Add(wide.AsSpan(0, chunk.Length));
                });
                break;
            default:
                fill.ForEach<BFloat16>(chunk =>
                {
                    wide ??= new float[chunk.Length];
                    for (int i = 0; i < chunk.Length; i++)
                    {
                        wide[i] = chunk[i];
                    }

                    builder.Add(wide.AsSpan(0, chunk.Length));
                });
                break;
        }

        return builder.Result();
    }

    /// <summary>The values are held as float64 (plus a copy in a narrower dtype), and JSON text takes up to ~100 bytes per value.</summary>
    private static void CheckMemory(int[] shape, InitDtype dtype, string format)
    {
        double count = shape.Aggregate(1.0, (n, d) => n * d);
        string what = $"init --shape {string.Join(',', shape)}";
        MemoryBudget.CheckArray(count, what);
        double perValue = 8 + (dtype.Size < 8 ? 8 : 0) + format switch { "json" => 100, _ => 0 };
        MemoryBudget.Check(count * perValue, what);
    }

    /// <summary>
    /// Writes the values of <paramref name="fill"/> as .npy of <paramref name="dtype"/> (little-endian) of shape
    /// <paramref name="valuesShape"/>, each chunk written as soon as it is filled: peak memory is one chunk, not the
    /// tensor. Temporary file, then rename; an error on any chunk (a value beyond the dtype) leaves no file.
    /// </summary>
    private static void WriteNpyInChunks(string path, ChunkedFill fill, int[] valuesShape, InitDtype dtype)
    {
        using var file = new AtomicFileWriter(path);
        var stream = file.Stream;
        NpyFile.WriteHeader(stream, dtype.NpyDescr, valuesShape);
        switch (dtype.Name)
        {
            case "float64":
                fill.ForEach<double>(chunk => stream.Write(MemoryMarshal.AsBytes(chunk)));
                break;
            case "float32":
                fill.ForEach<float>(chunk => stream.Write(MemoryMarshal.AsBytes(chunk)));
                break;
            case "float16":
                fill.ForEach<Half>(chunk => stream.Write(MemoryMarshal.AsBytes(chunk)));
                break;
            default:
                fill.ForEach<BFloat16>(chunk => stream.Write(MemoryMarshal.AsBytes(chunk)));
                break;
        }

        file.Commit();
    }

    /// <summary>A bfloat16 .npy holds integers to numpy: say so where the user looks when the file is made.</summary>
    private static void WarnAboutBFloat16Npy(TextWriter error, InitDtype dtype)
    {
        if (dtype.Name == "bfloat16")
        {
            error.WriteLine($"tfinit: note: {InitDtype.BFloat16NpyNote}");
        }
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

    private static string ValuesJson(Initializer initializer, int[] shape, TensorPart? part, InitDtype dtype, double[] values)
    {
        return JsonText.Object(false, writer =>
        {
        writer.WritePropertyName("initializer");
        KerasJson.Write(writer, initializer);
        WriteShape(writer, shape, part);
        writer.WriteString("dtype", dtype.Name);
        writer.WriteStartArray("values");
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                // Only Pretrained's allow_non_finite lets NaN or Inf through; JSON has no such numbers, so null, as study writes them.
                writer.WriteNullValue();
            }
            else
            {
                dtype.WriteValue(writer, v);
            }
        }

        writer.WriteEndArray();
        });
    }

    private static string StatsJson(Statistics? stats, int[] shape, TensorPart? part, Initializer initializer, FanLayout? layout)
    {
        Fans? fans = FansOf(initializer, shape, layout);
        return JsonText.Object(false, writer =>
        {
        WriteNumber(writer, "mean", stats?.Mean);
        WriteNumber(writer, "std", stats?.Std);
        WriteNumber(writer, "min", stats?.Min);
        WriteNumber(writer, "max", stats?.Max);
        WriteFan(writer, "fan_in", fans?.FanIn);
        WriteFan(writer, "fan_out", fans?.FanOut);
        WriteShape(writer, shape, part);
        });
    }

    /// <summary>
    /// The fans the initializer itself uses (its own axes or layout), so stats report what the draw was scaled by; for an
    /// initializer that reads no fans, those of its own layout or of --layout (Keras's when neither), or null where the
    /// layout has none (PyTorch's rank &lt; 2).
    /// </summary>
    private static Fans? FansOf(Initializer initializer, int[] shape, FanLayout? layout)
    {
        try
        {
            return initializer switch
            {
                VarianceScaling v => v.FansFor(shape),
                Sparse { Layout: FanLayout.Torch } or Dirac { Layout: FanLayout.Torch } or Orthogonal { Layout: FanLayout.Torch } => Fans.Compute(shape, FanLayout.Torch),
                _ => Fans.Compute(shape, layout ?? FanLayout.Keras),
            };
        }
        catch (ArgumentException)
        {
            // A rank with no fans (PyTorch's rank < 2): the values were made, the fans are null.
            return null;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            JsonText.Number(writer, name, value.Value);
        }
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

    /// <summary>"shape": the values' shape; for a part, also the whole tensor's "full_shape" and the part's "offset".</summary>
    private static void WriteShape(Utf8JsonWriter writer, int[] shape, TensorPart? part)
    {
        writer.WriteStartArray("shape");
        foreach (int d in part?.Size ?? shape)
        {
            writer.WriteNumberValue(d);
        }

        writer.WriteEndArray();
        if (part is not null)
        {
            writer.WriteStartArray("full_shape");
            foreach (int d in shape)
            {
                writer.WriteNumberValue(d);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("offset");
            foreach (long o in part.Offset)
            {
                writer.WriteNumberValue(o);
            }

            writer.WriteEndArray();
        }
    }
}
