using System.Diagnostics;
using TfInit.Keras.Datasets;

namespace TfInit.Keras.Tests.Datasets;

/// <summary>
/// Fashion-MNIST from Debian's dataset-fashion-mnist package, loaded once for all the tests of a class.
/// Not skipped when absent: CI installs the package, and the failure says how to install it.
/// </summary>
public sealed class FashionMnistFixture
{
    private readonly Lazy<(MnistDataset Data, TimeSpan Elapsed)> _load = new(() =>
    {
        var watch = Stopwatch.StartNew();
        MnistDataset data = MnistDataset.Load();
        return (data, watch.Elapsed);
    });

    /// <summary>The whole dataset from <see cref="FashionMnist.DefaultDirectory"/>.</summary>
    public MnistDataset Data => _load.Value.Data;

    /// <summary>How long the first load took.</summary>
    public TimeSpan LoadTime => _load.Value.Elapsed;
}
