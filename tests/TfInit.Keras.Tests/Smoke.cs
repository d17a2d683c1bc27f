using TorchSharp;
using static TorchSharp.torch;
namespace TfInit.Keras.Tests;
public class Smoke
{
    [Fact]
    public void Loads() => Assert.Equal(6.0, ones(2, 3).sum().ToDouble());
}
