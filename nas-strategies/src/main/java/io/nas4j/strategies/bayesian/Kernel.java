package io.nas4j.strategies.bayesian;

/**
 * A stationary correlation function of the distance between two encodings, scaled by a length scale:
 * 1 at distance 0, falling towards 0 as the distance grows. The Gaussian process multiplies it by its
 * amplitude.
 *
 * <p>Uses {@link StrictMath} so that a search resumed on another machine replays bit for bit.
 */
public enum Kernel {

    /** Matérn with smoothness 5/2: twice differentiable, the usual default for Bayesian optimisation. */
    MATERN52("matern52") {
        @Override
        public double correlation(double squaredDistance, double lengthScale) {
            double scaled = SQRT5 * StrictMath.sqrt(squaredDistance) / lengthScale;
            return (1 + scaled + scaled * scaled / 3) * StrictMath.exp(-scaled);
        }
    },

    /** Squared exponential (radial basis function): infinitely smooth. */
    RBF("rbf") {
        @Override
        public double correlation(double squaredDistance, double lengthScale) {
            return StrictMath.exp(-squaredDistance / (2 * lengthScale * lengthScale));
        }
    };

    private static final double SQRT5 = StrictMath.sqrt(5);

    private final String settingName;

    Kernel(String settingName) {
        this.settingName = settingName;
    }

    /** The correlation of two points {@code sqrt(squaredDistance)} apart. */
    public abstract double correlation(double squaredDistance, double lengthScale);

    /** The name used in settings. */
    public String settingName() {
        return settingName;
    }

    /**
     * The kernel called {@code name} in the setting {@code kernel}.
     *
     * @throws IllegalArgumentException naming the setting and the allowed values
     */
    public static Kernel named(String name) {
        for (Kernel kernel : values()) {
            if (kernel.settingName.equals(name)) {
                return kernel;
            }
        }
        throw new IllegalArgumentException("strategy setting kernel must be matern52 or rbf, got " + name);
    }
}
