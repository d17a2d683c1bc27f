using System.Globalization;
using System.Text;
using System.Text.Json;
using TfInit.Keras.Datasets;
using TfInit.Keras.Training;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit train</c>: trains the same MLP once per initializer on Fashion-MNIST (or any MNIST-format folder)
/// and compares the learning curves. With no --init it runs the deep-mlp preset.
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "tfinit train [--preset deep-mlp] [--data DIR] [--init NAME_OR_JSON|lsuv]... [--depth 20] [--width 256] [--activation relu] " +
        "[--batch-norm] [--optimizer sgd|adam] [--lr 0.01] [--momentum 0.9] [--epochs 2] [--batch-size 64] [--train-limit N] " +
        "[--seed N] [--json] [--out DIR]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter progress)
    {
        var parsed = Arguments.Parse("train", args,
            ["--preset", "--data", "--init", "--depth", "--width", "--activation", "--optimizer", "--lr", "--momentum", "--epochs",
             "--batch-size", "--train-limit", "--seed", "--out"],
            ["--batch-norm", "--json"]);
        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"train: unexpected argument '{parsed.Positionals[0]}'. Usage: {Usage}");
        }

        var specs = Specs(parsed);
        using var report = parsed.Value("--out") is { } outDir ? new ReportDirectory(outDir) : null;

        // Before libtorch starts its worker threads, so that they inherit the flag.
        Denormals.SetFlushToZero(true);
        var data = MnistDataset.Load(parsed.Value("--data"), parsed.PositiveInt("--train-limit"));
        progress.WriteLine($"train: {data.TrainCount} training and {data.TestCount} test images from {data.Directory}");

        var results = new List<TrainingResult>();
        bool interactive = !Console.IsErrorRedirected && ReferenceEquals(progress, Console.Error);
        for (int i = 0; i < specs.Count; i++)
        {
            progress.WriteLine($"run {i + 1}/{specs.Count}: {specs[i].Label}");
            results.Add(TrainingRun.Run(specs[i], data, [new ProgressBar(progress, interactive)]));
        }

        output.WriteLine(parsed.Flag("--json") ? Json(results) : Tables(results));
        if (report is not null)
        {
            report.Commit(directory => Reports.TrainReport.Write(directory, results));
            progress.WriteLine($"train: report written to {report.Path}/index.md");
        }

        return 0;
    }

    internal static IReadOnlyList<TrainingSpec> Specs(Arguments parsed)
    {
        string optimizer = parsed.Choice("--optimizer", "sgd", "sgd", "adam");
        var template = new TrainingSpec(
            null,
            parsed.Flag("--batch-norm"),
            parsed.PositiveInt("--depth") ?? 20,
            parsed.PositiveInt("--width") ?? 256,
            parsed.Value("--activation") ?? "relu",
            optimizer,
            Number(parsed, "--lr", optimizer == "adam" ? 0.001 : 0.01, positive: true),
            Number(parsed, "--momentum", optimizer == "adam" ? 0.0 : 0.9, positive: false),
            parsed.PositiveInt("--epochs") ?? 2,
            parsed.PositiveInt("--batch-size") ?? 64,
            parsed.Long("--seed") ?? 1);
        if (!Keras.Activations.Names.Contains(template.Activation))
        {
            throw new UsageException($"train: unknown activation '{template.Activation}'; allowed: {string.Join(", ", Keras.Activations.Names)}.");
        }

        if (template.Momentum >= 1)
        {
            throw new UsageException($"train: --momentum {template.Momentum} must lie in [0, 1).");
        }

        var inits = parsed.All("--init");
        if (inits.Count == 0)
        {
            return TrainingPresets.Get(parsed.Value("--preset") ?? "deep-mlp", template);
        }

        if (parsed.Value("--preset") is not null)
        {
            throw new UsageException("train: --preset cannot be combined with --init.");
        }

        return inits.Select(text => template with { Initializer = text == "lsuv" ? null : KerasJson.Deserialize(text) }).ToList();
    }

    private static double Number(Arguments parsed, string name, double fallback, bool positive)
    {
        string? text = parsed.Value(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && (positive ? v > 0 : v >= 0)
            ? v
            : throw new UsageException($"train: {name} '{text}' must be a {(positive ? "positive" : "non-negative")} number.");
    }

    private static string Tables(IReadOnlyList<TrainingResult> results)
    {
        var text = new StringBuilder();
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{result.Spec.Label}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{"epoch",6} {"loss",10} {"accuracy",9} {"val acc",9} {"seconds",8}");
            foreach (var e in result.History.Epochs)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{e.Epoch,6} {e.Loss,10:0.0000} {e.Accuracy,9:0.0000} {e.ValAccuracy,9:0.0000} {e.Seconds,8:0.0}");
            }

            text.AppendLine();
        }

        text.AppendLine("Comparison (test accuracy after the last epoch)");
        foreach (var result in results.OrderByDescending(r => r.TestAccuracy))
        {
            double seconds = result.History.Epochs.Sum(e => e.Seconds);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {result.Spec.Label,-28} {result.TestAccuracy,8:0.0000}   {seconds,7:0.0} s");
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<TrainingResult> results)
    {
        return JsonText.Object(true, writer =>
        {
        writer.WriteStartArray("runs");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("initializer");
            if (result.Spec.Initializer is { } initializer)
            {
                KerasJson.Write(writer, initializer);
            }
            else
            {
                writer.WriteStringValue("lsuv");
            }

            writer.WriteBoolean("batch_norm", result.Spec.BatchNorm);
            writer.WriteStartArray("epochs");
            foreach (var e in result.History.Epochs)
            {
                writer.WriteStartObject();
                writer.WriteNumber("epoch", e.Epoch);
                writer.WriteNumber("loss", e.Loss);
                writer.WriteNumber("accuracy", e.Accuracy ?? double.NaN);
                writer.WriteNumber("val_loss", e.ValLoss ?? double.NaN);
                writer.WriteNumber("val_accuracy", e.ValAccuracy ?? double.NaN);
                writer.WriteNumber("seconds", e.Seconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("test_accuracy", result.TestAccuracy);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        });
    }
}
