using TfInit.Initializers;
using TfInit.Serialization;

namespace TfInit.Keras;

/// <summary>
/// An initializer given as Keras allows it: an <see cref="Initializer"/> object, a name
/// (<c>"he_normal"</c>) or a Keras JSON config. Converts implicitly from both, so
/// <c>kernelInitializer: "glorot_uniform"</c> and <c>kernelInitializer: new HeNormal(seed: 1)</c> both work.
/// </summary>
public readonly struct InitializerRef
{
    private InitializerRef(Initializer initializer) => Initializer = initializer;

    /// <summary>The resolved initializer.</summary>
    public Initializer Initializer { get; }

    /// <summary>Wraps an initializer object.</summary>
    /// <param name="initializer">The initializer.</param>
    public static implicit operator InitializerRef(Initializer initializer) =>
        new(initializer ?? throw new ArgumentNullException(nameof(initializer)));

    /// <summary>Resolves a name or Keras JSON (<see cref="KerasJson.Deserialize"/>); an unknown name is an error listing the valid ones.</summary>
    /// <param name="nameOrJson">The name or JSON.</param>
    public static implicit operator InitializerRef(string nameOrJson) => new(KerasJson.Deserialize(nameOrJson));

    /// <summary>Resolves <paramref name="value"/>, or returns <paramref name="fallback"/> when it is unset.</summary>
    /// <param name="value">The argument as given.</param>
    /// <param name="fallback">Keras's default for that argument.</param>
    /// <returns>The initializer.</returns>
    internal static Initializer Or(InitializerRef? value, Func<Initializer> fallback) =>
        value?.Initializer ?? fallback();
}
