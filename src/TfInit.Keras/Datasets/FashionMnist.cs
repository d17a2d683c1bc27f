namespace TfInit.Keras.Datasets;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 70,000 grayscale 28x28 images of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing, in the MNIST (IDX) format. Load it with <see cref="MnistDataset.Load"/>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the four gzipped IDX files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The Debian package that installs Fashion-MNIST into <see cref="DefaultDirectory"/>.</summary>
    public const string PackageName = "dataset-fashion-mnist";

    /// <summary>The command that installs <see cref="PackageName"/> (as root, on Debian or Ubuntu).</summary>
    public const string InstallCommand = "apt-get install " + PackageName;

    /// <summary>The names of the 10 classes, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}
