using TfInit.Random;
using TfInit.TorchSharp.Filling;
using static TorchSharp.torch;

namespace TfInit.TorchSharp;

/// <summary><see cref="Initialize"/>: applies an <see cref="InitPolicy"/> to every parameter and buffer of a TorchSharp module.</summary>
public static class ModuleInitialization
{
    /// <summary>
    /// Walks the module's named parameters and buffers and fills each as <paramref name="policy"/> says, under
    /// <c>no_grad</c>, in each tensor's own dtype and device.
    /// Seeds are name-keyed: the tensor <c>fc.weight</c> draws from a Philox stream whose key is the first 32 bits of
    /// SHA-256("{seed}/fc.weight"), so its values depend only on the seed, its qualified name, its shape and its
    /// initializer. Adding, removing or reordering other layers never changes them, and they are the same on every
    /// machine and thread count. (PyTorch, Keras and TorchSharp draw every layer from one shared generator in
    /// construction order, so inserting a layer changes every layer after it.)
    /// </summary>
    /// <param name="module">The model (any <see cref="nn.Module"/>; the root's own parameters are included).</param>
    /// <param name="policy">The policy, e.g. <see cref="InitPolicy.Torch"/> or <see cref="InitPolicy.Keras"/>.</param>
    /// <param name="seed">The model seed; null draws one from torch's global generator (so <c>torch.manual_seed</c> fixes it).</param>
    /// <returns>One entry per filled tensor, in the module's order.</returns>
    /// <exception cref="ArgumentException">
    /// A parameter of a module type the policy does not know (the message names the type and the parameters), or a
    /// floating-point parameter the policy would fill with an unsupported dtype. Nothing is filled then.
    /// </exception>
    public static IReadOnlyList<InitializedParameter> Initialize(this nn.Module module, InitPolicy policy, long? seed = null) =>
        InitializeWhere(module, policy, seed, null);

    /// <summary>Initializes the tensors whose qualified name <paramref name="include"/> accepts (all when null).</summary>
    /// <param name="module">The model.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="seed">The model seed, or null for one drawn from torch's global generator.</param>
    /// <param name="include">Which qualified names to fill; the others are neither filled nor checked.</param>
    /// <returns>One entry per filled tensor.</returns>
    internal static IReadOnlyList<InitializedParameter> InitializeWhere(nn.Module module, InitPolicy policy, long? seed, Func<string, bool>? include)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(policy);
        long modelSeed = seed ?? Seeds.From(null).Seed;

        var work = new List<(string Name, nn.Module Owner, Tensor Tensor, Policies.ParameterPlan Plan)>();
        var uncovered = new List<string>();
        foreach (var (prefix, owner) in new[] { (string.Empty, module) }.Concat(module.named_modules()))
        {
            var own = new Dictionary<string, Tensor>();
            var parameters = new HashSet<string>();
            foreach (var (name, p) in owner.named_parameters(recurse: false))
            {
                own[name] = p;
                parameters.Add(name);
            }

            foreach (var (name, b) in owner.named_buffers(recurse: false))
            {
                own.TryAdd(name, b);
            }

            if (own.Count == 0)
            {
                continue;
            }

            var defaults = policy.Defaults(owner, own);
            foreach (var (local, tensor) in own)
            {
                string qualified = prefix.Length == 0 ? local : $"{prefix}.{local}";
                if (include is not null && !include(qualified))
                {
                    continue;
                }

                if (policy.TryRule(owner, local, qualified, out var plan) || defaults?.TryGetValue(local, out plan) == true)
                {
                    if (plan is not null)
                    {
                        work.Add((qualified, owner, tensor, plan));
                    }
                }
                else if (parameters.Contains(local) && !policy.LeavesUnknown)
                {
                    // Buffers no rule names (e.g. a module's own statistics) are left; parameters are never left silently.
                    uncovered.Add($"{qualified} ({owner.GetType().Name})");
                }
            }
        }

        if (uncovered.Count > 0)
        {
            throw new ArgumentException(
                $"InitPolicy.{policy.Name} has no rule for {string.Join(", ", uncovered)}; "
                + "give one with .With(\"name\", initializer) or .With<ModuleType>(\"weight\", initializer), or keep the values with .Leave(\"name\"), .Leave<ModuleType>() or .LeaveUnknown().",
                nameof(policy));
        }

        var unsupported = work.Where(w => !w.Plan.AnyDtype && !TensorFill.IsSupported(w.Tensor.dtype)).Select(w => $"{w.Name} ({w.Tensor.dtype})").ToList();
        if (unsupported.Count > 0)
        {
            throw new ArgumentException(
                $"TfInit fills floating-point tensors (Float16, BFloat16, Float32, Float64); these are not: {string.Join(", ", unsupported)}. Leave them with .Leave(\"name\").",
                nameof(module));
        }

        var report = new List<InitializedParameter>(work.Count);
        foreach (var (name, owner, tensor, plan) in work)
        {
            long key = Seeds.ForName(modelSeed, name);
            plan.Fill(tensor, new PhiloxStream(key));
            report.Add(new InitializedParameter(name, owner.GetType().Name, tensor.shape, plan.Description, key));
        }

        return report;
    }
}
