# Writes the NumPy fixtures next to this script (NumPy 2.4.6 wrote the committed ones):
#   python3 numpy-fixtures.py
# They check NpyArray and NpzArchive against files NumPy itself wrote; the tests also write their own.
import numpy as np


def split(n, offset):
    images = ((np.arange(n * 64).reshape(n, 4, 4, 4) + offset) % 256).astype(np.uint8)
    labels = (np.arange(n) % 3).reshape(n, 1).astype(np.uint8)
    return images, labels


# A MedMNIST-3D-like archive in miniature: 28^3 volumes in the real one, 4^3 here
tr, trl = split(6, 0)
va, val = split(3, 7)
te, tel = split(3, 11)
np.savez('medmnist-like.npz', train_images=tr, train_labels=trl, val_images=va, val_labels=val,
         test_images=te, test_labels=tel)
np.savez_compressed('medmnist-like-compressed.npz', train_images=tr, train_labels=trl.astype('<i8'),
                    val_images=va, val_labels=val.astype('<i8'), test_images=te, test_labels=tel.astype('<i8'))
base = np.array([[0, 1.5, -2], [3, 255, -0.25]])
np.save('float32-little.npy', base.astype('<f4'))
np.save('float64-big.npy', base.astype('>f8'))
np.save('float16.npy', base.astype('<f2'))
np.save('int64-little.npy', np.array([[0, 1, -2], [3, 255, 70000]], dtype='<i8'))
np.save('int16-big.npy', np.array([[0, 1, -2], [3, 255, 30000]], dtype='>i2'))
np.save('uint8.npy', np.array([[0, 1, 2], [3, 255, 128]], dtype='u1'))
np.save('bool.npy', np.array([True, False, True]))
np.save('scalar.npy', np.float32(2.5))
np.save('fortran.npy', np.asfortranarray(base.astype('<f4')))
with open('version2.npy', 'wb') as f:
    np.lib.format.write_array(f, base.astype('<f4'), version=(2, 0))
