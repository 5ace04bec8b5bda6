using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Bci.Audio.Tests")]
