namespace Bci.Hardware.Simulation;

/// <summary>What the simulated person does.</summary>
public enum Paradigm
{
    /// <summary>Cued left/right hand motor imagery (markers T1 = left hand, T2 = right hand, as in EEGMMIDB).</summary>
    MotorImagery,

    /// <summary>Images shown one after another; each evokes a visual response shaped by the image's latent vector.</summary>
    Visual,

    /// <summary>Eyes-open rest: background activity only, no markers.</summary>
    Rest,
}
