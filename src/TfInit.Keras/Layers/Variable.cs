using TfInit.Initializers;
using TorchSharp.Modules;

namespace TfInit.Keras.Layers;

/// <summary>A layer's weight: its Keras name (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...), value and initializer.</summary>
/// <param name="Name">The weight's name within its layer.</param>
/// <param name="Value">The tensor, a TorchSharp parameter.</param>
/// <param name="Initializer">Where the initial values came from.</param>
/// <param name="Trainable">False for statistics such as BatchNormalization's moving mean and variance.</param>
public sealed record Variable(string Name, Parameter Value, Initializer Initializer, bool Trainable);
