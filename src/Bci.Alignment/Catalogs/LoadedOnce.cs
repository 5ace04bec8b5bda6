namespace Bci.Alignment.Catalogs;

/// <summary>
/// Loads an immutable object (catalog, index, mapping) from a file the first time a stage runs and hands the same
/// one to later runs of that stage object; a different path loads again. Thread-safe.
/// </summary>
internal sealed class LoadedOnce<T> where T : class
{
    private readonly Lock _gate = new();
    private string? _path;
    private T? _value;

    public T Get(string path, Func<string, T> load)
    {
        lock (_gate)
        {
            if (_value is null || _path != path)
            {
                _value = load(path);
                _path = path;
            }
            return _value;
        }
    }
}
