using TfInit.Keras.Datasets;
using Xunit.Abstractions;

namespace TfInit.Keras.Tests.Datasets;

/// <summary>The real Fashion-MNIST files installed by Debian's dataset-fashion-mnist package (CI installs it).</summary>
public sealed class FashionMnistTests(FashionMnistFixture fixture, ITestOutputHelper output) : IClassFixture<FashionMnistFixture>
{
    private readonly MnistDataset _data = fixture.Data;

    [Fact]
    public void HasSixtyThousandTrainingAndTenThousandTestImagesOf28By28()
    {
        output.WriteLine($"Loaded 70,000 images from {_data.Directory} in {fixture.LoadTime.TotalMilliseconds:F0} ms.");
        Assert.Equal(Path.GetFullPath(FashionMnist.DefaultDirectory), _data.Directory);
        Assert.Equal(60000, _data.TrainCount);
        Assert.Equal(10000, _data.TestCount);
        Assert.Equal(28, _data.ImageHeight);
        Assert.Equal(28, _data.ImageWidth);
        Assert.Equal(784, _data.ImageSize);
        Assert.Equal(60000 * 784, _data.TrainImages.Length);
        Assert.Equal(10000 * 784, _data.TestImages.Length);
        Assert.Equal(10, _data.ClassCount);
        Assert.Equal(FashionMnist.ClassNames.Count, _data.ClassCount);
    }

    [Fact]
    public void EachClassHas6000TrainingAnd1000TestImages()
    {
        Assert.All(_data.TrainLabels, y => Assert.InRange(y, 0, 9));
        Assert.All(_data.TestLabels, y => Assert.InRange(y, 0, 9));
        for (int c = 0; c < 10; c++)
        {
            Assert.Equal(6000, _data.TrainLabels.Count(y => y == c));
            Assert.Equal(1000, _data.TestLabels.Count(y => y == c));
        }
    }

    [Fact]
    public void PixelsAreInTheUnitIntervalAndUseItAll()
    {
        foreach (float[] images in new[] { _data.TrainImages, _data.TestImages })
        {
            Assert.Equal(0f, images.Min());
            Assert.Equal(1f, images.Max());
            double mean = images.Average();
            Assert.InRange(mean, 0.2, 0.4); // Fashion-MNIST's mean pixel is about 0.286
            int notByteOver255 = 0;
            foreach (float p in images)
            {
                float v = p * 255f;
                if (Math.Abs(v - MathF.Round(v)) > 1e-4f)
                {
                    notByteOver255++;
                }
            }

            Assert.Equal(0, notByteOver255);
        }
    }

    [Fact]
    public void FirstImagesMatchTheKnownLabels()
    {
        // The first training labels of Fashion-MNIST: Ankle boot, T-shirt/top, T-shirt/top, Dress, T-shirt/top.
        Assert.Equal([9L, 0, 0, 3, 0], _data.TrainLabels[..5]);
        // The first test labels: Ankle boot, Pullover, Trouser, Trouser, Shirt.
        Assert.Equal([9L, 2, 1, 1, 6], _data.TestLabels[..5]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[(int)_data.TrainLabels[0]]);
    }

    [Fact]
    public void TrainLimitKeepsTheFirstImagesAndAllTheTestSet()
    {
        MnistDataset first = MnistDataset.Load(trainLimit: 20000);
        Assert.Equal(20000, first.TrainCount);
        Assert.Equal(20000 * 784, first.TrainImages.Length);
        Assert.Equal(10000, first.TestCount);
        Assert.Equal(_data.TrainLabels[..20000], first.TrainLabels);
        Assert.True(_data.TrainImages.AsSpan(0, 20000 * 784).SequenceEqual(first.TrainImages));
        Assert.True(_data.TestImages.AsSpan().SequenceEqual(first.TestImages));
    }

    [Fact]
    public void RawFilesReadWithIdxFile()
    {
        IdxArray images = IdxFile.Read(Path.Combine(FashionMnist.DefaultDirectory, "t10k-images-idx3-ubyte.gz"));
        IdxArray labels = IdxFile.Read(Path.Combine(FashionMnist.DefaultDirectory, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(IdxDataType.Byte, images.DataType);
        Assert.Equal([10000, 28, 28], images.Shape);
        Assert.Equal([10000], labels.Shape);
        // ToSingles multiplies by 1/255; the dataset divides by 255: the same up to rounding.
        float[] scaled = images.ToSingles(1f / 255f);
        Assert.Equal(_data.TestImages.Length, scaled.Length);
        for (int i = 0; i < scaled.Length; i++)
        {
            Assert.Equal(_data.TestImages[i], scaled[i], 1e-6f);
        }
    }
}
