using System.Globalization;
using System.Text;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Keras;
using TfInit.Keras.Studies;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit study</c>: the tutorial's sample graphs, per-layer activation statistics, and a report with
/// histograms. With no arguments it runs both presets.
/// </summary>
internal static class StudyCommand
{
    public const string Usage =
        "tfinit study [--preset cs231n|blog|all] [--input-shape 1000,500] [--widths 500,500,... | --depth 10 --width 500] " +
        "[--activation tanh|relu|...] [--init NAME_OR_JSON]... [--batch-norm] [--bias] [--seed N] [--rng philox|numpy] " +
        "[--dtype float32|float64] [--json] [--out DIR]";

    private static readonly string[] CustomOptions = ["--input-shape", "--widths", "--depth", "--width", "--activation", "--init"];

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter progress)
    {
        var parsed = Arguments.Parse("study", args,
            ["--preset", "--input-shape", "--widths", "--depth", "--width", "--activation", "--init", "--seed", "--rng", "--dtype", "--out"],
            ["--batch-norm", "--bias", "--json"]);
        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"study: unexpected argument '{parsed.Positionals[0]}'. Usage: {Usage}");
        }

        var specs = Specs(parsed);
        using var report = parsed.Value("--out") is { } outDir ? new ReportDirectory(outDir) : null;

        var results = new List<StudyResult>();
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            string label = $"run {i + 1}/{specs.Count}: {Describe(spec)}";
            var result = Study.Run(spec, layer => Progress(progress, $"{label}: layer {layer}/{spec.Widths.Count}", final: false));
            Progress(progress, $"{label}: {result.Seconds:0.00} s", final: true);
            results.Add(result);
        }

        if (parsed.Flag("--json"))
        {
            output.WriteLine(Json(results));
        }
        else
        {
            foreach (var result in results)
            {
                output.WriteLine(Table(result));
            }
        }

        if (report is not null)
        {
            report.Commit(directory => Reports.StudyReport.Write(directory, results));
            progress.WriteLine($"study: report written to {report.Path}/index.md");
        }

        return 0;
    }

    /// <summary>The graphs the options describe: a preset (all by default) or one run per --init.</summary>
    internal static IReadOnlyList<StudySpec> Specs(Arguments parsed)
    {
        long seed = parsed.Long("--seed") ?? 1;
        bool numpy = parsed.Choice("--rng", "philox", "philox", "numpy") == "numpy";
        string? dtype = parsed.Value("--dtype") is null ? null : parsed.Choice("--dtype", "float32", "float32", "float64");
        bool bias = parsed.Flag("--bias");
        bool custom = CustomOptions.Any(o => parsed.All(o).Count > 0) || parsed.Flag("--batch-norm");
        string? preset = parsed.Value("--preset");
        if (preset is not null && custom)
        {
            throw new UsageException("study: --preset cannot be combined with --input-shape, --widths, --depth, --width, --activation, --init or --batch-norm.");
        }

        if (numpy && seed is < 0 or > uint.MaxValue)
        {
            throw new UsageException($"study: --seed {seed} cannot seed numpy's legacy stream; numpy takes 0 to 4294967295.");
        }

        if (!custom)
        {
            return StudyPresets.Get(preset ?? "all", seed, numpy, dtype is null ? null : dtype == "float64", bias);
        }

        int[] input = Shape.Parse(parsed.Value("--input-shape") ?? "1000,500", "--input-shape");
        if (input.Length != 2 || input.Contains(0))
        {
            throw new UsageException($"study: --input-shape must be rows,features (two positive numbers); got '{parsed.Value("--input-shape")}'.");
        }

        int[] widths = Widths(parsed, input[1]);
        string activation = parsed.Value("--activation") ?? "tanh";
        if (!Activations.Names.Contains(activation))
        {
            throw new UsageException($"study: unknown activation '{activation}'; allowed: {string.Join(", ", Activations.Names)}.");
        }

        var inits = parsed.All("--init").Count > 0 ? parsed.All("--init") : ["glorot_uniform"];
        return inits.Select(text => new StudySpec(activation, KerasJson.Deserialize(text), input[0], input[1], widths,
            parsed.Flag("--batch-norm"), bias, dtype == "float64", seed, numpy)).ToList();
    }

    private static int[] Widths(Arguments parsed, int features)
    {
        if (parsed.Value("--widths") is { } list)
        {
            if (parsed.Value("--depth") is not null || parsed.Value("--width") is not null)
            {
                throw new UsageException("study: give either --widths or --depth/--width, not both.");
            }

            return ParseWidths(list);
        }

        int depth = parsed.PositiveInt("--depth") ?? 10;
        int width = parsed.PositiveInt("--width") ?? features;
        return Enumerable.Repeat(width, depth).ToArray();
    }

    private static int[] ParseWidths(string list)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries);
        return parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int w) && w > 0
            ? w
            : throw new UsageException($"study: --widths '{list}' must be positive integers separated by commas (at '{p}').")).ToArray();
    }

    private static string Describe(StudySpec spec) =>
        $"{spec.Activation}, {Label(spec.Initializer)}{(spec.BatchNorm ? ", batch norm" : "")}";

    /// <summary>A short readable name: the class and its non-seed config values.</summary>
    internal static string Label(Initializer initializer)
    {
        var values = initializer.GetConfig().Where(kv => kv.Key != "seed")
            .Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}");
        return $"{initializer.ClassName}({string.Join(", ", values)})";
    }

    private static void Progress(TextWriter progress, string text, bool final)
    {
        // A terminal gets one line rewritten in place; a log gets only the finished runs.
        if (!Console.IsErrorRedirected && ReferenceEquals(progress, Console.Error))
        {
            progress.Write($"\r{text}".PadRight(100));
            if (final)
            {
                progress.WriteLine();
            }
        }
        else if (final)
        {
            progress.WriteLine(text);
        }
    }

    private static string Table(StudyResult result)
    {
        var spec = result.Spec;
        bool bounded = Activations.Bounds(spec.Activation) is not null;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{spec.Activation} | {Label(spec.Initializer)} | batch norm: {(spec.BatchNorm ? "yes" : "no")} | {(spec.Float64 ? "float64" : "float32")} | {(spec.NumPyStream ? "numpy" : "philox")} seed {spec.Seed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"layer",6} {"width",6} {"mean",12} {"std",12} {(bounded ? "saturated" : "dead"),10}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"input",6} {spec.InputFeatures,6} {result.Input.Mean,12:0.000000} {result.Input.Std,12:0.000000}");
        foreach (var layer in result.Layers)
        {
            double fraction = bounded ? layer.SaturatedFraction : layer.ZeroFraction;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{layer.Index,6} {layer.Units,6} {layer.Mean,12:0.000000} {layer.Std,12:0.000000} {fraction,10:P1}");
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<StudyResult> results)
    {
        return JsonText.Object(true, writer =>
        {
        writer.WriteStartArray("runs");
        foreach (var result in results)
        {
            var spec = result.Spec;
            writer.WriteStartObject();
            writer.WriteString("activation", spec.Activation);
            writer.WritePropertyName("initializer");
            KerasJson.Write(writer, spec.Initializer);
            writer.WriteBoolean("batch_norm", spec.BatchNorm);
            writer.WriteBoolean("bias", spec.Bias);
            writer.WriteString("dtype", spec.Float64 ? "float64" : "float32");
            writer.WriteString("rng", spec.NumPyStream ? "numpy" : "philox");
            writer.WriteNumber("seed", spec.Seed);
            writer.WriteStartObject("input");
            writer.WriteNumber("rows", spec.InputRows);
            writer.WriteNumber("features", spec.InputFeatures);
            writer.WriteNumber("mean", result.Input.Mean);
            writer.WriteNumber("std", result.Input.Std);
            writer.WriteEndObject();
            writer.WriteStartArray("layers");
            foreach (var layer in result.Layers)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", layer.Index);
                writer.WriteNumber("units", layer.Units);
                writer.WriteNumber("mean", layer.Mean);
                writer.WriteNumber("std", layer.Std);
                writer.WriteNumber("saturated_fraction", layer.SaturatedFraction);
                writer.WriteNumber("zero_fraction", layer.ZeroFraction);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("seconds", result.Seconds);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        });
    }
}
