namespace TfInit.Initializers;

/// <summary>
/// What makes an initializer class known by name: implementing this interface is all it takes for
/// <see cref="InitializerType.All"/>, the Keras JSON reader (<c>KerasJson.Deserialize</c>) and <c>tfinit list</c> to find
/// the class. The class name (<see cref="Initializer.ClassName"/>) and its snake_case form (Keras's
/// <c>to_snake_case</c>) are derived; the class states the rest here, next to its math.
/// </summary>
/// <typeparam name="TSelf">The initializer class itself.</typeparam>
public interface IRegisteredInitializer<TSelf>
    where TSelf : Initializer, IRegisteredInitializer<TSelf>
{
    /// <summary>The values the class makes, in one line, as <c>tfinit list</c> shows them.</summary>
    static abstract string Formula { get; }

    /// <summary>Where <c>tfinit list</c> shows the class: ascending, Keras's classes first, then PyTorch's, JAX's and TfInit's own.</summary>
    static abstract int ListOrder { get; }

    /// <summary>Names accepted besides the class name and its snake_case form (Keras's <c>normal</c>, <c>one</c>, ...).</summary>
    static virtual IReadOnlyList<string> MoreAliases => [];

    /// <summary>
    /// The Python constructor's parameter order where it differs from the config's key order (Keras's STFT takes
    /// side, window, scaling, periodic and writes periodic before scaling); empty when they agree. Positional arguments
    /// of the Python forms bind in this order.
    /// </summary>
    static virtual IReadOnlyList<string> ConstructorOrder => [];

    /// <summary>
    /// Keras's <c>from_config</c>: a new instance from a config. Read every key through <paramref name="config"/> with the
    /// constructor's default as fallback, so that the defaults are written once (in the constructor's signature, as
    /// private constants shared with this method).
    /// </summary>
    /// <param name="config">The config; unknown keys are refused after this returns.</param>
    /// <returns>The new initializer.</returns>
    /// <exception cref="ArgumentException">A config value of the wrong type or out of range (the message names the key).</exception>
    static abstract TSelf FromConfig(ConfigReader config);
}
