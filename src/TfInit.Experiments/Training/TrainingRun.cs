using TfInit.Keras.Callbacks;
using TfInit.Keras.Datasets;
using TfInit.Keras.Initialization;
using TfInit.Keras.Layers;
using TfInit.Keras.Losses;
using TfInit.Keras.Models;
using TfInit.Keras.Optimizers;
using TfInit.Keras;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Experiments.Training;

/// <summary>Trains the comparison's MLP on an MNIST-format data set, as a Keras user would.</summary>
public static class TrainingRun
{
    /// <summary>Samples LSUV measures variances on (the paper uses one mini-batch).</summary>
    public const int LsuvBatch = 500;

    /// <summary>Builds the model of <paramref name="spec"/> for <paramref name="inputs"/> features and <paramref name="classes"/> outputs.</summary>
    /// <param name="spec">The run.</param>
    /// <param name="inputs">Input features.</param>
    /// <param name="classes">Output classes (logits).</param>
    /// <returns>The built model.</returns>
    public static Sequential Model(TrainingSpec spec, int inputs, int classes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Width, 1);

        // Each layer gets its own seed: one seeded instance shared by all layers would repeat the same values. Modulo
        // 2**32, so that every seed from 0 to 4294967295 works (4294967295's second layer takes 0).
        InitializerRef Kernel(int layer) => spec.Initializer switch
        {
            null => new Initializers.GlorotUniform(LayerSeed(spec.Seed, layer)),
            Initializers.RandomInitializer random => random.WithSeed(LayerSeed(spec.Seed, layer)),
            // Without a seed an initializer gives the same values to every layer whatever the instance: one serves all.
            var unseeded => unseeded,
        };
        var model = new Sequential();
        for (int i = 0; i < spec.Depth; i++)
        {
            if (spec.BatchNorm)
            {
                model.Add(new Dense(spec.Width, kernelInitializer: Kernel(i)));
                model.Add(new BatchNormalization());
                model.Add(new Activation(spec.Activation));
            }
            else
            {
                model.Add(new Dense(spec.Width, spec.Activation, kernelInitializer: Kernel(i)));
            }
        }

        model.Add(new Dense(classes, kernelInitializer: Kernel(spec.Depth)));
        model.Build([inputs]);
        return model;
    }

    /// <summary>Builds, (for LSUV) rescales, trains and evaluates one run.</summary>
    /// <param name="spec">The run.</param>
    /// <param name="data">The data set; the test set is the validation data.</param>
    /// <param name="callbacks">Progress hooks.</param>
    /// <returns>The history and test accuracy.</returns>
    public static TrainingResult Run(TrainingSpec spec, MnistDataset data, IEnumerable<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var xTrain = torch.tensor(data.TrainImages, [data.TrainCount, data.ImageSize]);
        var yTrain = torch.tensor(data.TrainLabels);
        var xTest = torch.tensor(data.TestImages, [data.TestCount, data.ImageSize]);
        var yTest = torch.tensor(data.TestLabels);

        var model = Model(spec, data.ImageSize, data.ClassCount);
        var lsuv = spec.Initializer is null
            ? Lsuv.Apply(model, xTrain.narrow(0, 0, Math.Min(LsuvBatch, data.TrainCount)), seed: spec.Seed)
            : [];
        Optimizer optimizer = spec.Optimizer switch
        {
            "sgd" => new SGD(spec.LearningRate, spec.Momentum),
            "adam" => new Adam(spec.LearningRate),
            _ => throw new ArgumentException($"Unknown optimizer '{spec.Optimizer}'; allowed: sgd, adam.", nameof(spec)),
        };
        model.Compile(optimizer, new SparseCategoricalCrossentropy(fromLogits: true), ["accuracy"]);
        var history = model.Fit(xTrain, yTrain, spec.Epochs, spec.BatchSize, validationData: (xTest, yTest),
            callbacks: callbacks, seed: spec.Seed);
        return new TrainingResult(spec, history, history.Epochs[^1].ValAccuracy ?? double.NaN, lsuv);
    }

    /// <summary>The seed of layer <paramref name="layer"/>: <c>(seed + layer) mod 2**32</c>, always a valid seed.</summary>
    /// <param name="seed">The run's seed, 0 to 4294967295.</param>
    /// <param name="layer">The layer's index.</param>
    /// <returns>The layer's seed.</returns>
    public static long LayerSeed(long seed, int layer) => (seed + layer) & uint.MaxValue;
}
