using TfInit.Initializers;
using TfInit.TorchSharp.Policies;
using static TorchSharp.torch;

namespace TfInit.TorchSharp;

/// <summary>
/// Maps every parameter of a TorchSharp model (by its module's type and its name) to how it is initialized; applied
/// with <see cref="ModuleInitialization.Initialize"/>. A policy is immutable: <see cref="With(string, Initializer)"/>
/// and the other modifiers return a new one, and the rule added last wins.
/// </summary>
/// <remarks>
/// Known module types: Linear; Conv1d/2d/3d; ConvTranspose1d/2d/3d; BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d (affine);
/// LayerNorm; GroupNorm; Embedding; RNN, LSTM, GRU and their cells; MultiheadAttention. A module of another type that
/// owns parameters is an error naming it, unless a rule covers its parameters or the policy leaves it
/// (<see cref="Leave{TModule}"/>, <see cref="LeaveUnknown"/>).
/// </remarks>
public sealed class InitPolicy
{
    private readonly ModuleDefaults _defaults;
    private readonly IReadOnlyList<Rule> _rules;

    private InitPolicy(string name, ModuleDefaults defaults, IReadOnlyList<Rule> rules, bool leavesUnknown)
    {
        Name = name;
        _defaults = defaults;
        _rules = rules;
        LeavesUnknown = leavesUnknown;
    }

    /// <summary>
    /// PyTorch 1.13's own defaults (each module's <c>reset_parameters</c>), seeded: Linear and Conv weights
    /// kaiming_uniform(a = sqrt(5)), i.e. U(+-1/sqrt(fan_in)), biases U(+-1/sqrt(fan_in)); ConvTranspose the same with
    /// PyTorch's fan quirk (fan_in read from size(1) = out_channels / groups); norms weight 1, bias 0, running
    /// statistics reset; Embedding N(0, 1) with the padding row 0; RNN/LSTM/GRU every parameter U(+-1/sqrt(hidden));
    /// MultiheadAttention in_proj xavier_uniform, biases 0, bias_k/bias_v xavier_normal, out_proj.weight at the Linear
    /// default U(+-1/sqrt(embed_dim)).
    /// </summary>
    public static InitPolicy Torch { get; } = new("Torch", TorchDefaults.Instance, [], false);

    /// <summary>
    /// Keras 3's layer defaults for the same layers: Dense/Conv kernels glorot_uniform with Keras's fans (the PyTorch
    /// weight is filled as the Keras kernel [..spatial, in, out] and moved into [out, in, ..spatial]), biases 0, norms
    /// 1 and 0, Embedding U(-0.05, 0.05) (padding row 0), LSTM/GRU/RNN input kernels glorot_uniform, recurrent kernels
    /// orthogonal over the whole [gates * hidden, hidden] matrix, LSTM forget-gate bias 1 (in bias_ih; bias_hh 0),
    /// MultiheadAttention projections glorot_uniform each (as Keras Dense kernels) and biases 0.
    /// </summary>
    public static InitPolicy Keras { get; } = new("Keras", KerasDefaults.Instance, [], false);

    /// <summary>The policy's name for reports and errors, e.g. <c>Keras</c> or <c>Keras+2 rules</c>.</summary>
    public string Name { get; }

    /// <summary>Whether parameters of unknown module types are left as they are instead of being an error.</summary>
    public bool LeavesUnknown { get; }

    /// <summary>
    /// Initializes every parameter whose qualified name matches <paramref name="pattern"/> with
    /// <paramref name="initializer"/>. A Keras initializer (HeNormal, GlorotUniform, Orthogonal, ...) is applied to the
    /// matching Keras kernel, so its fans are Keras's; one with a PyTorch layout (<c>Layout = FanLayout.Torch</c>)
    /// reads the weight as it is. The initializer's own seed is not used: the policy's name-keyed seed is.
    /// </summary>
    /// <param name="pattern">A qualified name such as <c>fc.weight</c>; <c>*</c> matches any characters (<c>*.bias</c>, <c>encoder.*</c>).</param>
    /// <param name="initializer">The initializer.</param>
    /// <returns>A new policy.</returns>
    /// <exception cref="ArgumentException">An empty pattern.</exception>
    public InitPolicy With(string pattern, Initializer initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return Add(new Rule(null, new NamePattern(pattern, nameof(pattern)), ParameterPlan.ForUser(initializer)));
    }

    /// <summary>
    /// Initializes the parameters named <paramref name="parameter"/> (a local name such as <c>weight</c>, <c>*</c>
    /// wildcards allowed) of every module of type <typeparamref name="TModule"/> (or a subclass) with
    /// <paramref name="initializer"/>, read as in <see cref="With(string, Initializer)"/>.
    /// </summary>
    /// <typeparam name="TModule">The module type, e.g. <c>TorchSharp.Modules.Linear</c> or a model's own module class.</typeparam>
    /// <param name="parameter">The parameter's name within the module.</param>
    /// <param name="initializer">The initializer.</param>
    /// <returns>A new policy.</returns>
    /// <exception cref="ArgumentException">An empty pattern.</exception>
    public InitPolicy With<TModule>(string parameter, Initializer initializer)
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return Add(new Rule(typeof(TModule), new NamePattern(parameter, nameof(parameter)), ParameterPlan.ForUser(initializer)));
    }

    /// <summary>Leaves the parameters and buffers whose qualified name matches <paramref name="pattern"/> as they are.</summary>
    /// <param name="pattern">A qualified name; <c>*</c> matches any characters.</param>
    /// <returns>A new policy.</returns>
    /// <exception cref="ArgumentException">An empty pattern.</exception>
    public InitPolicy Leave(string pattern) => Add(new Rule(null, new NamePattern(pattern, nameof(pattern)), null));

    /// <summary>Leaves every parameter and buffer of modules of type <typeparamref name="TModule"/> (or a subclass) as they are.</summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <returns>A new policy.</returns>
    public InitPolicy Leave<TModule>()
        where TModule : nn.Module => Add(new Rule(typeof(TModule), new NamePattern("*", "parameter"), null));

    /// <summary>Leaves the parameters of module types the policy does not know as they are, instead of raising an error.</summary>
    /// <returns>A new policy.</returns>
    public InitPolicy LeaveUnknown() => new(Name, _defaults, _rules, true);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The plans of a module's own tensors from the policy's layer defaults; null for an unknown module type.</summary>
    /// <param name="module">The module.</param>
    /// <param name="own">Its own parameters and buffers by local name.</param>
    /// <returns>The plans, or null.</returns>
    internal IReadOnlyDictionary<string, ParameterPlan>? Defaults(nn.Module module, IReadOnlyDictionary<string, Tensor> own) =>
        _defaults.Plans(module, own);

    /// <summary>The newest rule that applies to a tensor, if any.</summary>
    /// <param name="module">The module that owns the tensor.</param>
    /// <param name="localName">The tensor's name within the module.</param>
    /// <param name="qualifiedName">The tensor's name within the model.</param>
    /// <param name="plan">The rule's plan, or null when the rule leaves the tensor.</param>
    /// <returns>Whether a rule applies.</returns>
    internal bool TryRule(nn.Module module, string localName, string qualifiedName, out ParameterPlan? plan)
    {
        for (int i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            bool applies = rule.ModuleType is null
                ? rule.Pattern.Matches(qualifiedName)
                : rule.ModuleType.IsInstanceOfType(module) && rule.Pattern.Matches(localName);
            if (applies)
            {
                plan = rule.Plan;
                return true;
            }
        }

        plan = null;
        return false;
    }

    private InitPolicy Add(Rule rule)
    {
        string baseName = Name.Split('+')[0];
        return new InitPolicy($"{baseName}+{_rules.Count + 1} rule{(_rules.Count == 0 ? string.Empty : "s")}", _defaults, [.. _rules, rule], LeavesUnknown);
    }

    private sealed record Rule(Type? ModuleType, NamePattern Pattern, ParameterPlan? Plan);
}
