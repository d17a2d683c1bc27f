using System.Diagnostics;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Training;

/// <summary>Tiny synthetic data, small models and a numpy runner for the training tests.</summary>
internal static class Synthetic
{
    public const int Features = 4;
    public const int Classes = 3;

    /// <summary>
    /// <paramref name="n"/> samples of <see cref="Features"/> features around one of three centres
    /// (class k centred at 3 e_k), plus N(0, noise) per feature. Labels cycle 0, 1, 2, 0, ... so every slice holds
    /// every class. noise 0.5 is separable in practice; 1.5 overlaps so accuracy stays well below 1.
    /// </summary>
    public static (Tensor X, Tensor Y) Clusters(int n, long seed, double noise = 0.5)
    {
        var values = new RandomNormal(0.0, noise, seed).GenerateSingle(n, Features);
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % Classes;
            values[(i * Features) + (int)labels[i]] += 3f;
        }

        return (torch.tensor(values, [n, Features]), torch.tensor(labels));
    }

    /// <summary>One-hot float32 targets, built by hand.</summary>
    public static Tensor OneHot(Tensor labels, int classes = Classes)
    {
        long[] l = labels.data<long>().ToArray();
        var values = new float[l.Length * classes];
        for (int i = 0; i < l.Length; i++)
        {
            values[(i * classes) + l[i]] = 1f;
        }

        return torch.tensor(values, [l.Length, classes]);
    }

    /// <summary>4 -> 16 relu -> 3 logits, with seeded initializers, built.</summary>
    public static Sequential Mlp(long seed = 1)
    {
        var model = new Sequential(
        [
            new Dense(16, "relu", kernelInitializer: new GlorotUniform(seed), biasInitializer: new RandomUniform(-0.1, 0.1, seed + 100)),
            new Dense(Classes, kernelInitializer: new GlorotUniform(seed + 1)),
        ]);
        model.Build([Features]);
        return model;
    }

    /// <summary>All weights of a model, flattened in order, as exact doubles.</summary>
    public static double[] Weights(Sequential model) =>
        model.Layers.SelectMany(l => l.Weights).SelectMany(w => TestData.Values(w.Value)).ToArray();

    /// <summary>Rows [start, start + count) of a tensor (a copy).</summary>
    public static Tensor Rows(Tensor t, long start, long count) => t.narrow(0, start, count).clone();

    /// <summary>Runs <paramref name="code"/> with Debian's python3 (which has numpy) and parses its JSON output.</summary>
    public static JsonElement Numpy(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python.Interpreter} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {stderr}");
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }

    /// <summary>Sets a parameter's gradient to exactly <paramref name="gradient"/>: d/dw sum(w * g) = g.</summary>
    public static void SetGradient(Parameter parameter, double[] gradient)
    {
        parameter.grad?.zero_();
        using var g = torch.tensor(gradient, parameter.shape, parameter.dtype);
        using var loss = parameter.mul(g).sum();
        loss.backward();
    }
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tfinit-training-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
