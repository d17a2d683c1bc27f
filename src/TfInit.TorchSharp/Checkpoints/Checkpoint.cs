using System.Collections;
using TfInit.Checkpoints;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Checkpoints;

/// <summary>
/// Pretrained initialization (the tutorial's 预训练初始化) from real PyTorch checkpoints: a <c>state_dict</c> written by
/// <c>torch.save</c> (.pt, .pth, .bin; the zip format PyTorch writes since 1.6) or a safetensors file, read with
/// TorchSharp.PyBridge and matched to the model by qualified name.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Loads every tensor whose name and shape match. Strict (the default): the names and shapes must agree exactly,
    /// otherwise nothing is written and one <see cref="ArgumentException"/> line names what differs. Not strict: what
    /// matches is loaded, the rest is left and reported.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="path">A torch.save state_dict (.pt, .pth, .bin) or a .safetensors file.</param>
    /// <param name="strict">Whether any difference is an error.</param>
    /// <returns>What was loaded, missing, unexpected and shape-mismatched.</returns>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a state_dict in either format.</exception>
    /// <exception cref="ArgumentException">Strict mode and the checkpoint does not match the model.</exception>
    public static CheckpointReport Load(nn.Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        var (report, plan) = Match(module, path);
        if (strict && !report.IsExact)
        {
            throw new ArgumentException(
                $"The checkpoint {path} does not match the model: {report.Differences()} (load with strict: false, or use Checkpoint.Transfer to initialize the rest with a policy).",
                nameof(path));
        }

        Copy(plan);
        return report;
    }

    /// <summary>
    /// Transfer mode: loads what matches by name and shape (the backbone) and initializes every other tensor of the
    /// model (a new head, a resized layer) with <paramref name="policy"/>, name-keyed as
    /// <see cref="ModuleInitialization.Initialize"/> does, so the new parts get the values a full initialization with
    /// this seed would give them.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="path">A torch.save state_dict (.pt, .pth, .bin) or a .safetensors file.</param>
    /// <param name="policy">How the tensors that are not loaded are initialized.</param>
    /// <param name="seed">The model seed, or null for one drawn from torch's global generator.</param>
    /// <returns>The report, with the names of the tensors the policy filled in <see cref="CheckpointReport.Initialized"/>.</returns>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a state_dict in either format.</exception>
    /// <exception cref="ArgumentException">The policy has no rule for a tensor it must fill.</exception>
    public static CheckpointReport Transfer(nn.Module module, string path, InitPolicy policy, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(policy);
        using var scope = NewDisposeScope();
        var (report, plan) = Match(module, path);
        var fresh = report.Missing.Concat(report.ShapeMismatched.Select(m => m.Name)).ToHashSet(StringComparer.Ordinal);
        // The policy runs first: if it refuses a tensor, the model is left untouched.
        var initialized = ModuleInitialization.InitializeWhere(module, policy, seed, fresh.Contains);
        Copy(plan);
        return report with { Initialized = initialized.Select(i => i.Name).ToList() };
    }

    private static (CheckpointReport Report, List<(Tensor Target, Tensor Source)> Plan) Match(nn.Module module, string path)
    {
        var stored = Read(path);
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        var plan = new List<(Tensor, Tensor)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, target) in module.state_dict())
        {
            names.Add(name);
            if (!stored.TryGetValue(name, out var source))
            {
                missing.Add(name);
            }
            else if (!source.shape.SequenceEqual(target.shape))
            {
                mismatched.Add(new ShapeMismatch(name, target.shape, source.shape));
            }
            else
            {
                loaded.Add(name);
                plan.Add((target, source));
            }
        }

        var unexpected = stored.Keys.Where(k => !names.Contains(k)).ToList();
        return (new CheckpointReport(loaded, missing, unexpected, mismatched, []), plan);
    }

    private static void Copy(List<(Tensor Target, Tensor Source)> plan)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in plan)
        {
            // copy_ converts dtype and device: a float64 checkpoint loads into a float32 model on any device.
            target.copy_(source);
        }
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No checkpoint at {path}.", path);
        }

        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                return Safetensors.LoadStateDict(path);
            }

            using var stream = File.OpenRead(path);
            Hashtable table = PyTorchUnpickler.UnpickleStateDict(stream);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is string key && entry.Value is Tensor tensor)
                {
                    result[key] = tensor;
                }
            }

            return result;
        }
        catch (Exception e) when (e is not FileNotFoundException and not OutOfMemoryException)
        {
            // PyBridge reports a legacy (non-zip) torch.save file as NotImplementedException and a damaged one as whatever
            // its reader hits; the user needs to know which file and what was expected.
            throw new InvalidDataException(
                $"{path} is not a PyTorch state_dict this reader takes (torch.save's zip format, PyTorch >= 1.6, or safetensors): {e.Message}", e);
        }
    }
}
