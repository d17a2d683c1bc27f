using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text;
using TfInit.Cli.CommandLine;
using TfInit.Experiments.Training;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Datasets;
using TfInit.Keras.Native;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit train</c>: trains the same MLP once per initializer on Fashion-MNIST (or any MNIST-format folder)
/// and compares the learning curves. With no --init it runs the deep-mlp preset's initializers, on the model that
/// --depth/--width/--activation/--batch-norm describe when given (explicit flags win, as in study).
/// </summary>
internal sealed class TrainCommand : Command
{
    private readonly Option<string?> _preset = CliOptions.Text("--preset", "deep-mlp|he2015",
        "A preset set of runs [default: deep-mlp, when no --init is given]. deep-mlp: six initializers on --depth x --width. "
        + "he2015: He normal against Var W = 1/fan_in (LecunNormal) on 30 ReLU layers of 256, no batch norm (He et al. 2015's deep-net claim).");

    private readonly Option<string?> _data = CliOptions.Path("--data", "DIR",
        $"An MNIST-format folder (four IDX files, plain or .gz; labels in [0, {MnistDataset.MaxClassCount})) [default: Debian's dataset-fashion-mnist].");

    private readonly Option<string[]> _init = CliOptions.Repeated("--init", "NAME_OR_JSON|lsuv", "One run per initializer (a name, Keras JSON or Python code; lsuv: orthogonal, then LSUV), repeatable.");

    private readonly Option<int?> _depth = CliOptions.PositiveInt("--depth", "20", "The number of hidden Dense layers.", fallback: 20, max: MemoryBudget.MaxDepth);

    private readonly Option<int?> _width = CliOptions.PositiveInt("--width", "256", "The units of every hidden layer.", fallback: 256);

    private readonly Option<string> _activation = CliOptions.Choice("--activation", "The hidden layers' activation.", "relu", [.. Keras.Activations.Names]);

    private readonly Option<bool> _batchNorm = CliOptions.Flag("--batch-norm", "BatchNormalization after each hidden Dense layer.");

    private readonly Option<string> _optimizer = CliOptions.Choice("--optimizer", "The optimizer.", "sgd", "sgd", "adam");

    private readonly Option<double?> _lr = CliOptions.Number("--lr", "0.01", "The learning rate [default: 0.01 for sgd, 0.001 for adam].", positive: true);

    private readonly Option<double?> _momentum = CliOptions.Number("--momentum", "0.9", "SGD's momentum, in [0, 1) [default: 0.9 for sgd, 0 for adam].", positive: false);

    private readonly Option<int?> _epochs = CliOptions.PositiveInt("--epochs", "2", "Passes over the training images.", fallback: 2);

    private readonly Option<int?> _batchSize = CliOptions.PositiveInt("--batch-size", "64", "Images per step.", fallback: 64);

    private readonly Option<int?> _trainLimit = CliOptions.PositiveInt("--train-limit", "N", "Train on the first N images only [default: all].");

    private readonly Option<long?> _seed = CliOptions.Seed("The seed of the weights and the shuffling (layer i's kernel takes seed + i, modulo 2**32).", fallback: 1);

    private readonly Option<bool> _json = CliOptions.Flag("--json", "Print {\"runs\": [...]} instead of the tables.");

    private readonly Option<string?> _out = CliOptions.Path("--out", "DIR", "Write a report with learning curves into DIR.");

    public TrainCommand()
        : base("train", "Train the same MLP once per initializer on Fashion-MNIST and compare the learning curves. No --init: the deep-mlp preset.")
    {
        foreach (var option in new Option[] { _preset, _data, _init, _depth, _width, _activation, _batchNorm, _optimizer, _lr, _momentum, _epochs, _batchSize, _trainLimit, _seed, _json, _out })
        {
            Options.Add(option);
        }

        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var progress = parsed.InvocationConfiguration.Error;
        var specs = Specs(parsed);
        using var report = parsed.GetValue(_out) is { } outDir ? new ReportDirectory(outDir) : null;

        // Before libtorch starts its worker threads, so that they inherit the flag.
        Denormals.SetFlushToZero(true);
        var data = LoadData(parsed.GetValue(_data), parsed.GetValue(_trainLimit));
        progress.WriteLine($"train: {data.TrainCount} training and {data.TestCount} test images from {data.Directory}");

        var results = new List<TrainingResult>();
        bool interactive = !Console.IsErrorRedirected && ReferenceEquals(progress, Console.Error);
        for (int i = 0; i < specs.Count; i++)
        {
            progress.WriteLine($"run {i + 1}/{specs.Count}: {specs[i].Label}");
            results.Add(TrainingRun.Run(specs[i], data, [new ProgressBar(progress, interactive)]));
        }

        output.WriteLine(parsed.GetValue(_json) ? Json(results) : Tables(results));
        if (report is not null)
        {
            report.Commit(directory => Reports.TrainReport.Write(directory, results));
            progress.WriteLine($"train: report written to {report.Path}/index.md");
        }

        return 0;
    }

    /// <summary>The dataset; a folder or file that cannot be used is reported naming --data (what the user typed, or the default) first.</summary>
    private static MnistDataset LoadData(string? directory, int? trainLimit)
    {
        try
        {
            return MnistDataset.Load(directory, trainLimit);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            string flag = directory is null ? $"--data (default {FashionMnist.DefaultDirectory})" : $"--data '{directory}'";
            throw new InvalidDataException($"train: {flag}: {e.Message}", e);
        }
    }

    private List<TrainingSpec> Specs(ParseResult parsed)
    {
        string optimizer = parsed.GetValue(_optimizer)!;
        var template = new TrainingSpec(
            null,
            parsed.GetValue(_batchNorm),
            parsed.GetValue(_depth)!.Value,
            parsed.GetValue(_width)!.Value,
            parsed.GetValue(_activation)!,
            optimizer,
            parsed.GetValue(_lr) ?? (optimizer == "adam" ? 0.001 : 0.01),
            parsed.GetValue(_momentum) ?? (optimizer == "adam" ? 0.0 : 0.9),
            parsed.GetValue(_epochs)!.Value,
            parsed.GetValue(_batchSize)!.Value,
            parsed.GetValue(_seed)!.Value);
        if (template.Momentum >= 1)
        {
            throw new UsageException($"train: --momentum {template.Momentum} must lie in [0, 1).");
        }

        // As in study: explicit model flags win over the default preset's model, and are refused beside an explicit --preset.
        var inits = parsed.GetValue(_init) ?? [];
        string? preset = parsed.GetValue(_preset);
        if (preset is not null && inits.Length > 0)
        {
            throw new UsageException("train: --preset cannot be combined with --init.");
        }

        // An unknown preset is reported by TrainingPresets.Get with the valid names, before any combination rule.
        if (preset is not null && TrainingPresets.Names.Contains(preset) && new Option[] { _depth, _width, _activation, _batchNorm }.Any(parsed.WasGiven))
        {
            throw new UsageException(
                $"train: --preset {preset} fixes its model and cannot be combined with --depth, --width, --activation or --batch-norm; drop --preset to run its initializers on your model.");
        }

        List<TrainingSpec> specs = inits.Length == 0
            ? [.. TrainingPresets.Get(preset ?? "deep-mlp", template)]
            : [.. inits.Select(text => template with { Initializer = text == "lsuv" ? null : InitializerArgument.Parse(text, "--init") })];
        specs.ForEach(CheckMemory);
        return specs;
    }

    /// <summary>
    /// Weights with their gradients and optimizer state (four copies), and each layer's activations for a batch kept
    /// for the backward pass (three tensors per layer), in float32; 784 inputs and 10 classes as in Fashion-MNIST.
    /// </summary>
    private static void CheckMemory(TrainingSpec spec)
    {
        double parameters = 784.0 * spec.Width + (spec.Depth - 1.0) * spec.Width * spec.Width + spec.Width * 10.0;
        double activations = 3.0 * spec.BatchSize * spec.Width * spec.Depth;
        MemoryBudget.CheckArray((double)spec.Width * spec.Width, $"train --width {spec.Width}");
        MemoryBudget.Check(4 * (4 * parameters + activations), $"train --depth {spec.Depth} --width {spec.Width}");
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
                string loss = double.IsFinite(e.Loss) ? e.Loss.ToString("0.0000", CultureInfo.InvariantCulture) : "diverged";
                text.AppendLine(CultureInfo.InvariantCulture, $"{e.Epoch,6} {loss,10} {e.Accuracy,9:0.0000} {e.ValAccuracy,9:0.0000} {e.Seconds,8:0.0}");
            }

            text.AppendLine();
        }

        text.AppendLine("Comparison (test accuracy after the last epoch)");
        foreach (var result in results.OrderByDescending(r => r.TestAccuracy))
        {
            double seconds = result.History.Epochs.Sum(e => e.Seconds);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {result.Spec.Label,-28} {result.TestAccuracy,8:0.0000}   {seconds,7:0.0} s{(Diverged(result) ? "   diverged" : "")}");
        }

        return text.ToString();
    }

    /// <summary>A run whose loss left the finite numbers (too large a learning rate): a result, reported as such.</summary>
    private static bool Diverged(TrainingResult result) =>
        result.History.Epochs.Any(e => !double.IsFinite(e.Loss) || e.ValLoss is { } v && !double.IsFinite(v));

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
            writer.WriteNumber("depth", result.Spec.Depth);
            writer.WriteNumber("width", result.Spec.Width);
            writer.WriteString("activation", result.Spec.Activation);
            writer.WriteStartArray("epochs");
            foreach (var e in result.History.Epochs)
            {
                writer.WriteStartObject();
                writer.WriteNumber("epoch", e.Epoch);
                JsonText.Number(writer, "loss", e.Loss);
                JsonText.Number(writer, "accuracy", e.Accuracy ?? double.NaN);
                JsonText.Number(writer, "val_loss", e.ValLoss ?? double.NaN);
                JsonText.Number(writer, "val_accuracy", e.ValAccuracy ?? double.NaN);
                writer.WriteNumber("seconds", e.Seconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            JsonText.Number(writer, "test_accuracy", result.TestAccuracy);
            writer.WriteBoolean("diverged", Diverged(result));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        });
    }
}
