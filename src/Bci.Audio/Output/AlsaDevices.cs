using System.Runtime.InteropServices;

namespace Bci.Audio.Output;

/// <summary>What ALSA offers: sound cards and PCM device names with their descriptions.</summary>
public static class AlsaDevices
{
    /// <summary>Number of sound cards (0 on a machine without one; -1 when libasound is missing).</summary>
    public static int CardCount()
    {
        try
        {
            var count = 0;
            var card = -1;
            while (AlsaNative.snd_card_next(ref card) >= 0 && card >= 0) count++;
            return count;
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>PCM outputs ALSA's configuration names (name, description), e.g. ("null", "Discard all samples").</summary>
    public static IReadOnlyList<(string Name, string Description)> PlaybackDevices()
    {
        var result = new List<(string, string)>();
        try
        {
            if (AlsaNative.snd_device_name_hint(-1, "pcm", out var hints) < 0) return result;
            try
            {
                for (var at = hints; ; at += IntPtr.Size)
                {
                    var hint = Marshal.ReadIntPtr(at);
                    if (hint == 0) break;
                    var name = AlsaNative.TakeString(AlsaNative.snd_device_name_get_hint(hint, "NAME"));
                    var description = AlsaNative.TakeString(AlsaNative.snd_device_name_get_hint(hint, "DESC"));
                    var direction = AlsaNative.TakeString(AlsaNative.snd_device_name_get_hint(hint, "IOID"));
                    if (name is null || direction == "Input") continue;
                    result.Add((name, (description ?? "").Replace('\n', ' ')));
                }
            }
            finally
            {
                AlsaNative.snd_device_name_free_hint(hints);
            }
        }
        catch (DllNotFoundException)
        {
        }
        return result;
    }
}
