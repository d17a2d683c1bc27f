using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text;
using TfInit.Cli.CommandLine;
using TfInit.Cli.Native;
using TfInit.Experiments.Studies;
using TfInit.Initializers;
using TfInit.Keras.Studies;
using TfInit.Keras;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit study</c>: the tutorial's sample graphs, per-layer activation statistics, and a report with
/// histograms. With no arguments it runs both presets.
/// </summary>
internal sealed class StudyCommand : Command
{
    private readonly Option<string?> _preset = CliOptions.Text("--preset", "cs231n|blog|all",
        "A preset set of runs [default: all, when no graph option below is given].");

    private readonly Option<string?> _inputShape = CliOptions.Text("--input-shape", "1000,500", "rows,features of the standard-normal input [default: 1000,500].");

    private readonly Option<string?> _widths = CliOptions.Text("--widths", "500,500,...", "The units of each Dense layer (instead of --depth/--width).");

    private readonly Option<int?> _depth = CliOptions.PositiveInt("--depth", "10", "The number of Dense layers [default: 10].", max: MemoryBudget.MaxDepth);

    private readonly Option<int?> _width = CliOptions.PositiveInt("--width", "500", "The units of every layer [default: the input's features].");

    private readonly Option<string> _activation = CliOptions.Choice("--activation", "The activation after each layer.", "tanh", [.. Activations.Names]);

    private readonly Option<string[]> _init = CliOptions.Repeated("--init", "NAME_OR_JSON",
        "One run per initializer (a name, Keras JSON or Python code such as tf.truncated_normal_initializer(stddev=0.1)), repeatable; " +
        "he_for:ACTIVATION is VarianceScaling(scale = Gain.Compute(ACTIVATION)^2, fan_in, truncated_normal) [default: glorot_uniform].");

    private readonly Option<bool> _batchNorm = CliOptions.Flag("--batch-norm", "tf.contrib.layers.batch_norm between the matmul and the activation.");

    private readonly Option<bool> _bias = CliOptions.Flag("--bias", "Give the Dense layers a (zero) bias.");

    private readonly Option<long?> _seed = CliOptions.Seed("The seed of the input and of each kernel.", fallback: 1);

    private readonly Option<string> _rng = CliOptions.Choice("--rng", "The random stream: TfInit's Philox, or numpy's legacy RandomState in the Python script's order.", "philox", "philox", "numpy");

    private readonly Option<string> _dtype = CliOptions.Choice("--dtype", "The element type [default: the preset's, float32 for custom runs].", null, "float32", "float64");

    private readonly Option<bool> _json = CliOptions.Flag("--json", "Print {\"runs\": [...]} instead of the tables.");

    private readonly Option<string?> _out = CliOptions.Path("--out", "DIR", "Write a report (index.md, index.html, one histogram PNG per run) into DIR.");

    // The verdict rules come from the code that applies them, so --help cannot drift from it.
    private static readonly string HelpText =
        "The tutorial's sample graphs: per-layer activation statistics and histograms, and the backward pass of " +
        "Loss = sum(H_L * G) / N (G standard normal, drawn after the kernels): grad std = std of dLoss/dH per layer, " +
        "w-grad std/norm of dLoss/dW. No options: both presets.\n\nEach run gets a verdict; rules tried in order:\n  " +
        string.Join("\n  ", TfInit.Analysis.VerdictRules.Rules);

    public StudyCommand()
        : base("study", HelpText)
    {
        foreach (var option in new Option[] { _preset, _inputShape, _widths, _depth, _width, _activation, _init, _batchNorm, _bias, _seed, _rng, _dtype, _json, _out })
        {
            Options.Add(option);
        }

        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        // Before the first tensor operation loads libtorch's OpenMP runtime.
        OpenMpWaitPolicy.PreferPassive();
        var output = parsed.InvocationConfiguration.Output;
        var progress = parsed.InvocationConfiguration.Error;
        var specs = Specs(parsed);
        using var report = parsed.GetValue(_out) is { } outDir ? new ReportDirectory(outDir) : null;

        var results = new List<StudyResult>();
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            string label = $"run {i + 1}/{specs.Count}: {Describe(spec)}";
            var result = Study.Run(spec, layer => Progress(progress, $"{label}: layer {layer}/{spec.Widths.Count}", final: false));
            Progress(progress, $"{label}: {result.Seconds:0.00} s", final: true);
            results.Add(result);
        }

        if (parsed.GetValue(_json))
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
    private List<StudySpec> Specs(ParseResult parsed)
    {
        long seed = parsed.GetValue(_seed)!.Value;
        bool numpy = parsed.GetValue(_rng) == "numpy";
        string? dtype = parsed.GetValue(_dtype);
        bool bias = parsed.GetValue(_bias);
        bool custom = new Option[] { _inputShape, _widths, _depth, _width, _activation, _init, _batchNorm }.Any(parsed.WasGiven);
        string? preset = parsed.GetValue(_preset);
        if (preset is not null && custom)
        {
            throw new UsageException("study: --preset cannot be combined with --input-shape, --widths, --depth, --width, --activation, --init or --batch-norm.");
        }

        if (!custom)
        {
            return [.. StudyPresets.Get(preset ?? "all", seed, numpy, dtype is null ? null : dtype == "float64", bias)];
        }

        string inputText = parsed.GetValue(_inputShape) ?? "1000,500";
        int[] input = Shape.Parse(inputText, "--input-shape");
        if (input.Length != 2 || input.Contains(0))
        {
            throw new UsageException($"study: --input-shape must be rows,features (two positive numbers); got '{inputText}'.");
        }

        int[] widths = Widths(parsed, input[1]);
        CheckMemory(input, widths, dtype == "float64");
        string activation = parsed.GetValue(_activation)!;
        var inits = parsed.GetValue(_init) is { Length: > 0 } given ? given : ["glorot_uniform"];
        return [.. inits.Select(text => new StudySpec(activation, InitializerArgument.Parse(text, "--init"), input[0], input[1], widths,
            parsed.GetValue(_batchNorm), bias, dtype == "float64", seed, numpy))];
    }

    /// <summary>
    /// The input, the widest activation (a few live at once: matmul, activation, statistics in float64) and every
    /// kernel are held together.
    /// </summary>
    private static void CheckMemory(int[] input, int[] widths, bool float64)
    {
        double element = float64 ? 8 : 4;
        double widest = Math.Max(input[1], widths.Max());
        double kernels = 0;
        double fanIn = input[1];
        foreach (int w in widths)
        {
            MemoryBudget.CheckArray((double)input[0] * w, $"study: a layer of {w} units on {input[0]} rows");
            kernels += fanIn * w;
            fanIn = w;
        }

        double bytes = (double)input[0] * input[1] * element + 4 * (double)input[0] * widest * 8 + kernels * element;
        MemoryBudget.Check(bytes, $"study --input-shape {input[0]},{input[1]} with {widths.Length} layers of up to {widths.Max()} units");
    }

    private int[] Widths(ParseResult parsed, int features)
    {
        if (parsed.GetValue(_widths) is { } list)
        {
            if (parsed.WasGiven(_depth) || parsed.WasGiven(_width))
            {
                throw new UsageException("study: give either --widths or --depth/--width, not both.");
            }

            return ParseWidths(list);
        }

        int depth = parsed.GetValue(_depth) ?? 10;
        int width = parsed.GetValue(_width) ?? features;
        return Enumerable.Repeat(width, depth).ToArray();
    }

    private static int[] ParseWidths(string list)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MemoryBudget.MaxDepth)
        {
            throw new UsageException($"study: --widths lists {parts.Length} layers; at most {MemoryBudget.MaxDepth}.");
        }

        return parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int w) && w > 0
            ? w
            : throw new UsageException($"study: --widths '{list}' must be positive integers separated by commas (at '{p}').")).ToArray();
    }

    private static string Describe(StudySpec spec) =>
        $"{spec.Activation}, {Label(spec.Initializer)}{(spec.BatchNorm ? ", batch norm" : "")}";

    /// <summary>A short readable name: the class and its non-seed config values that are set (Keras 3.15+ writes null axes).</summary>
    internal static string Label(Initializer initializer)
    {
        var values = initializer.GetConfig().Where(kv => kv.Key != "seed" && kv.Value is not null)
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
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"layer",6} {"width",6} {"mean",12} {"std",12} {(bounded ? "saturated" : "dead"),10} {"grad std",11} {"w-grad std",11}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"input",6} {spec.InputFeatures,6} {result.Input.Mean,12:0.000000} {result.Input.Std,12:0.000000}");
        for (int i = 0; i < result.Layers.Count; i++)
        {
            var layer = result.Layers[i];
            var grad = result.Gradients[i];
            double fraction = bounded ? layer.SaturatedFraction : layer.ZeroFraction;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{layer.Index,6} {layer.Units,6} {layer.Mean,12:0.000000} {layer.Std,12:0.000000} {fraction,10:P1} {grad.GradStd,11:0.000e+00} {grad.WeightGradStd,11:0.000e+00}");
        }

        // A NaN or Infinity above is an overflow, never a measurement: the verdict line says so.
        text.AppendLine(CultureInfo.InvariantCulture, $"verdict: {result.Diagnosis.Name} ({result.Diagnosis.Reason})");
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
            JsonText.Number(writer, "mean", result.Input.Mean);
            JsonText.Number(writer, "std", result.Input.Std);
            writer.WriteEndObject();
            writer.WriteStartArray("layers");
            foreach (var layer in result.Layers)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", layer.Index);
                writer.WriteNumber("units", layer.Units);
                var grad = result.Gradients[layer.Index - 1];
                double[] values = [layer.Mean, layer.Std, layer.SaturatedFraction, layer.ZeroFraction, grad.GradStd, grad.WeightGradStd, grad.WeightGradNorm];
                JsonText.Number(writer, "mean", layer.Mean);
                JsonText.Number(writer, "std", layer.Std);
                JsonText.Number(writer, "saturated_fraction", layer.SaturatedFraction);
                JsonText.Number(writer, "zero_fraction", layer.ZeroFraction);
                JsonText.Number(writer, "grad_std", grad.GradStd);
                JsonText.Number(writer, "weight_grad_std", grad.WeightGradStd);
                JsonText.Number(writer, "weight_grad_norm", grad.WeightGradNorm);
                if (!values.All(double.IsFinite))
                {
                    writer.WriteBoolean("non_finite", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            JsonText.Number(writer, "loss", result.Loss);
            writer.WriteString("verdict", result.Diagnosis.Name);
            writer.WriteString("verdict_reason", result.Diagnosis.Reason);
            writer.WriteNumber("seconds", result.Seconds);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        });
    }
}
